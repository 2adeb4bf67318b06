// The operator's inventory and settings: accounts, regions, access points and the access devices
// behind them, quotas and lifecycle timings. Everything has a built-in default, so a seed file is
// optional; a seed file replaces whole sections it names (regions, accounts) and merges quotas and
// timings key by key.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

/**
 * A resource group of an account. Every account has a default group without being told (its id made
 * from the account id); a group marked `default` replaces that one.
 */
export interface SeedResourceGroup {
  resourceGroupId: string;
  accountId: string;
  name?: string;
  default?: boolean;
}

export interface SeedAccessKey {
  accessKeyId: string;
  accessKeySecret: string;
}

export interface SeedAccount {
  accountId: string;
  name?: string;
  accessKeys: SeedAccessKey[];
  /** Whether OpenPhysicalConnectionService has been done already (outbound traffic billing on). */
  physicalConnectionServiceOpen?: boolean;
}

export interface SeedPort {
  /** e.g. "1/1/1"; a physical connection is allocated one free port of a device. */
  portNumber: string;
  /** For the FRR data plane: the network namespace at the far side of this port (the customer router). */
  farSideNamespace?: string;
}

export interface SeedAccessDevice {
  deviceId: string;
  /** BFD sessions this device can carry, across all accounts. */
  bfdSessionLimit: number;
  ports: SeedPort[];
}

export interface SeedAccessPoint {
  accessPointId: string;
  name: string;
  nameEn?: string;
  description?: string;
  location: string;
  hostOperator: string;
  status: 'recommended' | 'hot' | 'full' | 'disabled';
  devices: SeedAccessDevice[];
}

export interface SeedRegion {
  regionId: string;
  localName: string;
  localNameEn: string;
  endpoint: string;
  ipv6: boolean;
  accessPoints: SeedAccessPoint[];
}

export interface Quotas {
  bgpPeersPerVbr: number;
  bgpGroupsPerVbr: number;
  bgpNetworksPerVbr: number;
  bfdSessionsPerAccount: number;
  /** Upper bound of RouteQuota on a BGP group (routes accepted per peer). */
  maxRoutesPerPeer: number;
  vbrsPerPhysicalConnection: number;
  physicalConnectionsPerAccessPoint: number;
  /** Circuits of one account that may be in a state other than Enabled at once. */
  unfinishedPhysicalConnections: number;
}

export interface Timings {
  /** Initial → Allocated for a new physical connection. */
  physicalConnectionAllocateMs: number;
  /** Confirmed → Enabled after EnablePhysicalConnection (or a paid occupancy order); also Terminating → Terminated. */
  physicalConnectionTransitionMs: number;
  /** VBR terminating/recovering/deleting → next status; VBR HA Creating → Active and Deleting → gone. */
  vbrTransitionMs: number;
  /** How long the emulated data plane takes to apply a BGP change (Pending/Modifying/Deleting → done). */
  bgpApplyMs: number;
  /** After a peer is applied, how long the emulated session takes to reach Established. */
  simSessionUpMs: number;
}

export interface Seed {
  accounts: SeedAccount[];
  resourceGroups: SeedResourceGroup[];
  regions: SeedRegion[];
  quotas: Quotas;
  timings: Timings;
}

export const DEFAULT_QUOTAS: Quotas = {
  bgpPeersPerVbr: 8,
  bgpGroupsPerVbr: 8,
  bgpNetworksPerVbr: 50,
  bfdSessionsPerAccount: 30,
  maxRoutesPerPeer: 110,
  vbrsPerPhysicalConnection: 5,
  physicalConnectionsPerAccessPoint: 2,
  unfinishedPhysicalConnections: 5,
};

export const DEFAULT_TIMINGS: Timings = {
  physicalConnectionAllocateMs: 200,
  physicalConnectionTransitionMs: 200,
  vbrTransitionMs: 100,
  bgpApplyMs: 50,
  simSessionUpMs: 200,
};

function device(id: string): SeedAccessDevice {
  return { deviceId: id, bfdSessionLimit: 64, ports: ['1/1/1', '1/1/2', '1/1/3', '1/1/4'].map((portNumber) => ({ portNumber })) };
}

function region(
  regionId: string,
  localName: string,
  localNameEn: string,
  central: boolean,
  ipv6: boolean,
  aps: [string, string, string, string][],
): SeedRegion {
  return {
    regionId,
    localName,
    localNameEn,
    ipv6,
    endpoint: central ? 'vpc.aliyuncs.com' : `vpc.${regionId}.aliyuncs.com`,
    accessPoints: aps.map(([id, name, nameEn, location]) => ({
      accessPointId: id,
      name,
      nameEn,
      location,
      description: `${nameEn} access point`,
      hostOperator: 'vbrd',
      status: 'recommended',
      devices: [device(`asw-${id.slice(3)}-01`), device(`asw-${id.slice(3)}-02`)],
    })),
  };
}

export const DEFAULT_REGIONS: SeedRegion[] = [
  region('cn-hangzhou', '华东1（杭州）', 'China (Hangzhou)', true, true, [
    ['ap-cn-hangzhou-yh-B', '杭州-余杭-B', 'Hangzhou-Yuhang-B', 'Hangzhou'],
    ['ap-cn-hangzhou-xx-C', '杭州-萧山-C', 'Hangzhou-Xiaoshan-C', 'Hangzhou'],
  ]),
  region('cn-shanghai', '华东2（上海）', 'China (Shanghai)', true, true, [
    ['ap-cn-shanghai-nh-A', '上海-南汇-A', 'Shanghai-Nanhui-A', 'Shanghai'],
    ['ap-cn-shanghai-jq-B', '上海-金桥-B', 'Shanghai-Jinqiao-B', 'Shanghai'],
  ]),
  region('cn-beijing', '华北2（北京）', 'China (Beijing)', true, true, [
    ['ap-cn-beijing-ft-A', '北京-丰台-A', 'Beijing-Fengtai-A', 'Beijing'],
    ['ap-cn-beijing-sjq-B', '北京-石景山-B', 'Beijing-Shijingshan-B', 'Beijing'],
  ]),
  region('cn-shenzhen', '华南1（深圳）', 'China (Shenzhen)', true, true, [
    ['ap-cn-shenzhen-nsb-A', '深圳-南山-A', 'Shenzhen-Nanshan-A', 'Shenzhen'],
    ['ap-cn-shenzhen-bo-B', '深圳-宝安-B', 'Shenzhen-Baoan-B', 'Shenzhen'],
  ]),
  region('ap-southeast-1', '新加坡', 'Singapore', false, true, [
    ['ap-sg-singpore-A', '新加坡-A', 'Singapore-A', 'Singapore'],
    ['ap-sg-singpore-B', '新加坡-B', 'Singapore-B', 'Singapore'],
  ]),
  // A region without IPv6 for VBR peering, so that rule can be exercised.
  region('cn-wulanchabu', '华北6（乌兰察布）', 'China (Ulanqab)', false, false, [
    ['ap-cn-wulanchabu-jn-A', '乌兰察布-集宁-A', 'Ulanqab-Jining-A', 'Ulanqab'],
    ['ap-cn-wulanchabu-jn-B', '乌兰察布-集宁-B', 'Ulanqab-Jining-B', 'Ulanqab'],
  ]),
];

/** The YAML parser, loaded on first use: most starts read no YAML, and loading it costs start-up time. */
function parseYaml(text: string): unknown {
  const yaml = createRequire(import.meta.url)('yaml') as typeof import('yaml');
  return yaml.parse(text);
}

export class SeedError extends Error {}

function check(cond: unknown, msg: string): asserts cond {
  if (!cond) throw new SeedError(msg);
}

/** Read and validate a seed file (JSON or YAML), merged over the defaults. */
export function loadSeed(file: string | undefined): Seed {
  const seed: Seed = {
    accounts: [],
    resourceGroups: [],
    regions: DEFAULT_REGIONS,
    quotas: { ...DEFAULT_QUOTAS },
    timings: { ...DEFAULT_TIMINGS },
  };
  if (!file) return seed;
  let raw: Partial<Seed> | null;
  try {
    const text = readFileSync(file, 'utf8');
    raw = (file.endsWith('.json') ? JSON.parse(text) : parseYaml(text)) as Partial<Seed> | null;
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    throw new SeedError(`seed file ${file}: ${err.code === 'ENOENT' ? 'not found' : err.message}`);
  }
  check(raw && typeof raw === 'object', `seed file ${file}: expected an object`);
  if (raw.accounts !== undefined) {
    check(Array.isArray(raw.accounts), 'seed: accounts must be a list');
    for (const a of raw.accounts) {
      check(
        typeof a.accountId === 'string' && /^\d{1,20}$/.test(a.accountId),
        `seed: account id ${String(a.accountId)} must be a string of digits`,
      );
      check(
        Array.isArray(a.accessKeys) &&
          a.accessKeys.every((k) => typeof k.accessKeyId === 'string' && typeof k.accessKeySecret === 'string'),
        `seed: account ${a.accountId} needs accessKeys [{accessKeyId, accessKeySecret}]`,
      );
    }
    seed.accounts = raw.accounts;
  }
  if (raw.resourceGroups !== undefined) seed.resourceGroups = checkResourceGroups(raw.resourceGroups);
  if (raw.regions !== undefined) {
    check(Array.isArray(raw.regions) && raw.regions.length > 0, 'seed: regions must be a non-empty list');
    for (const r of raw.regions) {
      check(typeof r.regionId === 'string', 'seed: every region needs a regionId');
      r.localName ??= r.regionId;
      r.localNameEn ??= r.regionId;
      r.endpoint ??= `vpc.${r.regionId}.aliyuncs.com`;
      r.ipv6 ??= true;
      r.accessPoints ??= [];
      for (const ap of r.accessPoints) {
        check(typeof ap.accessPointId === 'string', `seed: region ${r.regionId} has an access point without accessPointId`);
        ap.name ??= ap.accessPointId;
        ap.location ??= r.regionId;
        ap.hostOperator ??= 'vbrd';
        ap.status ??= 'recommended';
        ap.devices ??= [];
        for (const d of ap.devices) {
          check(typeof d.deviceId === 'string', `seed: access point ${ap.accessPointId} has a device without deviceId`);
          check(Number.isInteger(d.bfdSessionLimit ?? 64), `seed: device ${d.deviceId} bfdSessionLimit must be an integer`);
          d.bfdSessionLimit ??= 64;
          d.ports ??= [];
        }
      }
    }
    seed.regions = raw.regions;
  }
  for (const [section, target] of [
    ['quotas', seed.quotas],
    ['timings', seed.timings],
  ] as const) {
    const given = raw[section] as Record<string, unknown> | undefined;
    if (given === undefined) continue;
    for (const [k, v] of Object.entries(given)) {
      check(k in target, `seed: unknown ${section} key ${k}`);
      check(typeof v === 'number' && v >= 0, `seed: ${section}.${k} must be a non-negative number`);
      (target as unknown as Record<string, number>)[k] = v;
    }
  }
  return seed;
}

/** Alibaba's resource group ids: `rg-` and lower-case letters and digits. */
const RESOURCE_GROUP_ID = /^rg-[a-z0-9]{4,40}$/;

function checkResourceGroups(groups: unknown): SeedResourceGroup[] {
  check(Array.isArray(groups), 'seed: resourceGroups must be a list');
  const ids = new Set<string>();
  const defaults = new Set<string>();
  for (const g of groups as SeedResourceGroup[]) {
    check(
      typeof g?.resourceGroupId === 'string' && RESOURCE_GROUP_ID.test(g.resourceGroupId),
      `seed: resource group id ${String(g?.resourceGroupId)} must be rg- and 4-40 lower-case letters or digits`,
    );
    check(
      typeof g.accountId === 'string' && /^\d{1,20}$/.test(g.accountId),
      `seed: resource group ${g.resourceGroupId} needs the accountId (a string of digits) it belongs to`,
    );
    check(!ids.has(g.resourceGroupId), `seed: resource group ${g.resourceGroupId} is listed twice`);
    ids.add(g.resourceGroupId);
    if (g.default) {
      check(!defaults.has(g.accountId), `seed: account ${g.accountId} has more than one default resource group`);
      defaults.add(g.accountId);
    }
  }
  return groups as SeedResourceGroup[];
}

const deviceIndexes = new WeakMap<Seed, Map<string, SeedAccessDevice>>();

/** An access device of the inventory by id (indexed once per seed: CreateBgpPeer asks on every call). */
export function findAccessDevice(seed: Seed, deviceId: string): SeedAccessDevice | undefined {
  let index = deviceIndexes.get(seed);
  if (!index) {
    index = new Map(
      seed.regions
        .flatMap((r) => r.accessPoints)
        .flatMap((a) => a.devices)
        .map((d) => [d.deviceId, d]),
    );
    deviceIndexes.set(seed, index);
  }
  return index.get(deviceId);
}
