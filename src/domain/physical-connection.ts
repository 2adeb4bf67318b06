// Express Connect circuits: catalogue values, the port inventory, the service switch and the timed lifecycle.
import type { Seed, SeedAccessPoint, SeedRegion } from '../config/seed.js';
import { apiError } from '../errors/catalogue.js';
import type { ResourceRecord } from '../store/record.js';
import type { StoreReader } from '../store/store.js';
import type { PhysicalConnectionData, PhysicalConnectionServiceData, PhysicalConnectionStatus } from './model.js';

/** Circuit data plus the fields only hosted connections and a few attributes use. */
export interface CircuitData extends PhysicalConnectionData {
  /** Hosted connection: who pays, the bandwidth spec ("50M", "1G") and the partner (owner of the parent circuit). */
  OrderMode?: string;
  Spec?: string;
  /**
   * Hosted connection: the spec the partner asked for with UpdateVirtualPhysicalConnection. Alibaba applies
   * it after payment, which vbrd does not model, so it stays beside Spec; absent when never asked.
   */
  ExpectSpec?: string;
  parentAccountId?: string;
  DownDelayTime?: number;
  DeviceAdvancedCapacity?: string[];
}

export type CircuitRecord = ResourceRecord<CircuitData>;

export const LINE_OPERATORS = ['CT', 'CU', 'CM', 'CO', 'Equinix', 'Other'] as const;

/** Port types and their speed in Mbit/s. */
export const PORT_SPEED_MBPS: Record<string, number> = {
  '100Base-T': 100,
  '1000Base-T': 1000,
  '1000Base-LX': 1000,
  '10GBase-T': 10000,
  '10GBase-LR': 10000,
  '40GBase-LR': 40000,
  '100GBase-LR': 100000,
};
export const DEFAULT_PORT_TYPE = '1000Base-T';

/**
 * The lower-case `bandwidth` of a dedicated circuit (Mbit/s), on create as on modify: 2 to 10240, the
 * range ModifyPhysicalConnectionAttribute documents. CreatePhysicalConnection's list (50 … 10000) is
 * documented as a hosted connection's, and Terraform's acceptance tests create circuits with 10.
 */
export function isCircuitBandwidth(mbps: number): boolean {
  return Number.isInteger(mbps) && mbps >= 2 && mbps <= 10240;
}

export const DEVICE_CAPACITIES = ['SubifRateLimit', 'DualStack', 'BFD', 'CEN', 'CENv6'];

/** Hosted connection specs and their bandwidth in Mbit/s. */
export const VPCONN_SPEC_MBPS: Record<string, number> = {
  '50M': 50,
  '100M': 100,
  '200M': 200,
  '300M': 300,
  '400M': 400,
  '500M': 500,
  '1G': 1000,
  '2G': 2000,
  '5G': 5000,
  '8G': 8000,
  '10G': 10000,
};

/** Hosted connections one dedicated circuit may carry (Alibaba's VPCONN_COUNT_PER_PCONN; default not published). */
export const MAX_VPCONNS_PER_CIRCUIT = 16;

/** `Spec` as DescribePhysicalConnections reports and filters it. */
export function specOf(c: CircuitData): string {
  if (c.ProductType === 'VirtualPhysicalConnection') return c.Spec ?? `${c.Bandwidth}M`;
  const mbps = PORT_SPEED_MBPS[c.PortType] ?? 1000;
  return mbps <= 1000 ? '1G and below' : `${mbps / 1000}G`;
}

/** Statuses in which a circuit no longer holds a port nor counts against quotas. */
export const RELEASED: readonly PhysicalConnectionStatus[] = ['Canceled', 'Rejected', 'Terminated', 'Allocation Failed'];

export function isReleased(status: string): boolean {
  return (RELEASED as readonly string[]).includes(status);
}

export function findAccessPoint(region: SeedRegion, id: string): SeedAccessPoint | undefined {
  return region.accessPoints.find((ap) => ap.accessPointId === id);
}

/**
 * First free port of the access point, device by device in seed order; a circuit that names a redundant
 * circuit prefers another device, which is what redundancy is for.
 */
export function allocatePort(
  ap: SeedAccessPoint,
  used: Set<string>,
  avoidDevice?: string,
): { deviceId: string; portNumber: string } | undefined {
  const devices = [...ap.devices].sort((a, b) => Number(a.deviceId === avoidDevice) - Number(b.deviceId === avoidDevice));
  for (const d of devices) {
    for (const port of d.ports) {
      if (!used.has(`${d.deviceId}/${port.portNumber}`)) return { deviceId: d.deviceId, portNumber: port.portNumber };
    }
  }
  return undefined;
}

export function portKey(c: CircuitData): string {
  return `${c.accessDeviceId}/${c.portNumber}`;
}

const SERVICE_PREFIX = 'pcsvc-';

/** The per-account service record has a fixed id, so a lookup never needs a scan. */
export function serviceRecordId(accountId: string): string {
  return `${SERVICE_PREFIX}${accountId}`;
}

/** OpenPhysicalConnectionService done (or declared open by the seed): outbound traffic billing is on. */
export async function isPhysicalConnectionServiceOpen(db: StoreReader, seed: Seed, accountId: string): Promise<boolean> {
  if (seed.accounts.some((a) => a.accountId === accountId && a.physicalConnectionServiceOpen)) return true;
  const rec = await db.get<PhysicalConnectionServiceData>('PhysicalConnectionService', serviceRecordId(accountId));
  return rec?.data.opened === true;
}

/** Subscription terms an occupancy order may ask: months 1–9, years 1–5 (PricingCycle Month by default). */
const ORDER_PERIODS = { Month: 9, Year: 5 } as const;

/**
 * The terms of CreatePhysicalConnectionOccupancyOrder: prepaid only, a known pricing cycle, a period
 * within it. No Period means one of the cycle.
 */
export function checkOccupancyOrder(p: { InstanceChargeType?: string; PricingCycle?: string; Period?: number }): void {
  if (p.InstanceChargeType !== undefined && p.InstanceChargeType !== '' && p.InstanceChargeType !== 'PrePaid')
    throw apiError('InvalidPhysicalConnectionChargeType.Malformed');
  const cycle = p.PricingCycle === undefined || p.PricingCycle === '' ? 'Month' : p.PricingCycle;
  if (cycle !== 'Month' && cycle !== 'Year') throw apiError('InvalidPhysicalConnectionPricingCycle.Malformed');
  if (p.Period !== undefined && (p.Period < 1 || p.Period > ORDER_PERIODS[cycle]))
    throw apiError('InvalidPhysicalConnectionPeriod.Malformed');
}
