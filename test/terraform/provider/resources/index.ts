// Every resource and data source the replay suite models, by Terraform type.
import type { ResourceDef } from '../terraform.js';
import { bgpGroup, bgpNetwork, bgpPeer } from './bgp.js';
import { DATA_SOURCES } from './data-sources.js';
import { physicalConnection } from './physical-connection.js';
import { vbrHa } from './vbr-ha.js';
import { vbrPconnAssociation } from './vbr-pconn-association.js';
import { virtualBorderRouter } from './virtual-border-router.js';
import { virtualPhysicalConnection } from './virtual-physical-connection.js';

export const RESOURCES: ResourceDef[] = [
  physicalConnection,
  virtualBorderRouter,
  vbrPconnAssociation,
  bgpGroup,
  bgpPeer,
  bgpNetwork,
  vbrHa,
  virtualPhysicalConnection,
];

export { DATA_SOURCES };
