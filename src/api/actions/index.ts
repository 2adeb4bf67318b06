// Every action vbrd serves.
import type { ActionDef } from '../action.js';
import { bgpActions } from './bgp.js';

export const allActions: ActionDef[] = [
  ...bgpActions,
];
