// Every RAM (2015-05-01) action vbrd serves.
import type { ActionDef } from '../../action.js';
import { accessKeyActions } from './access-keys.js';
import { attachmentActions } from './attachments.js';
import { policyActions } from './policies.js';
import { userActions } from './users.js';

export const ramActions: ActionDef[] = [...userActions, ...accessKeyActions, ...policyActions, ...attachmentActions];
