// The BGP family of actions.
import type { ActionDef } from '../action.js';
import { createBgpGroup, deleteBgpGroup, describeBgpGroups, modifyBgpGroupAttribute } from './bgp-group.js';
import { addBgpNetwork, deleteBgpNetwork, describeBgpNetworks } from './bgp-network.js';
import { createBgpPeer, deleteBgpPeer, describeBgpPeers, modifyBgpPeerAttribute } from './bgp-peer.js';

export const bgpActions: ActionDef[] = [
  createBgpGroup,
  describeBgpGroups,
  modifyBgpGroupAttribute,
  deleteBgpGroup,
  createBgpPeer,
  describeBgpPeers,
  modifyBgpPeerAttribute,
  deleteBgpPeer,
  addBgpNetwork,
  describeBgpNetworks,
  deleteBgpNetwork,
];
