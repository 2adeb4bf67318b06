// Every action vbrd serves.
import type { ActionDef } from '../action.js';
import { bgpActions } from './bgp.js';
import { expressConnectTagActions } from './express-connect-tags.js';
import { hostedConnectionActions } from './hosted-connection.js';
import { physicalConnectionLifecycleActions } from './physical-connection-lifecycle.js';
import { physicalConnectionActions } from './physical-connection.js';
import { regionActions } from './regions.js';
import { resourceGroupActions } from './resource-group.js';
import { routeEntryActions } from './route-entry.js';
import { routeTableReadActions } from './route-table.js';
import { vbrAssociationActions } from './vbr-association.js';
import { vbrHaActions } from './vbr-ha.js';
import { vbrLifecycleActions } from './vbr-lifecycle.js';
import { vbrActions } from './vbr.js';
import { ramActions } from './ram/index.js';

export const allActions: ActionDef[] = [
  ...regionActions,
  ...physicalConnectionActions,
  ...physicalConnectionLifecycleActions,
  ...hostedConnectionActions,
  ...vbrActions,
  ...vbrLifecycleActions,
  ...vbrAssociationActions,
  ...vbrHaActions,
  ...expressConnectTagActions,
  ...resourceGroupActions,
  ...bgpActions,
  ...routeTableReadActions,
  ...routeEntryActions,
  ...ramActions,
];
