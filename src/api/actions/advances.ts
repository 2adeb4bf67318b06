// Per-kind timed-transition hooks (multi-step chains), collected for the lifecycle loop.
import type { Advance } from '../../reconcile/timed.js';
import type { ResourceKind } from '../../store/record.js';
import { advancePhysicalConnection } from './physical-connection.js';
import { advanceVbr } from './vbr.js';

export const advances: Partial<Record<ResourceKind, Advance>> = {
  PhysicalConnection: advancePhysicalConnection,
  VirtualBorderRouter: advanceVbr,
};
