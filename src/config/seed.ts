// The operator's inventory and settings: accounts, regions, access points and the access devices
// behind them, quotas and lifecycle timings. Everything has a built-in default, so a seed file is
// optional; a seed file replaces whole sections it names (regions, accounts) and merges quotas and
// timings key by key.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { DEFAULT_QUOTAS, DEFAULT_TIMINGS, type Quotas, type Timings } from './seed-defaults.js';
import { seedSchemaProblems } from './seed-validate.js';

export { DEFAULT_QUOTAS, DEFAULT_TIMINGS, type Quotas, type Timings };

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

export interface Seed {
  accounts: SeedAccount[];
  resourceGroups: SeedResourceGroup[];
  regions: SeedRegion[];
  quotas: Quotas;
  timings: Timings;
}

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
  let raw: unknown;
  try {
    const text = readFileSync(file, 'utf8');
    raw = file.endsWith('.json') ? JSON.parse(text) : parseYaml(text);
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    throw new SeedError(`seed file ${file}: ${err.code === 'ENOENT' ? 'not found' : err.message}`);
  }
  const problems = raw === null ? ['the top level: expected an object, the file is empty'] : seedSchemaProblems(raw);
  if (problems.length > 0) throw new SeedError(`seed file ${file} is not valid:\n  ${problems.join('\n  ')}`);
  const given = raw as SeedFile;
  if (given.accounts !== undefined) seed.accounts = given.accounts;
  if (given.resourceGroups !== undefined) seed.resourceGroups = checkResourceGroups(given.resourceGroups);
  if (given.regions !== undefined) seed.regions = given.regions.map(withRegionDefaults);
  Object.assign(seed.quotas, given.quotas);
  Object.assign(seed.timings, given.timings);
  return seed;
}

/** A region as the seed file may give it: everything but the ids has a default. */
type RegionInput = Pick<SeedRegion, 'regionId'> &
  Partial<Omit<SeedRegion, 'accessPoints'>> & {
    accessPoints?: (Pick<SeedAccessPoint, 'accessPointId'> &
      Partial<Omit<SeedAccessPoint, 'devices'>> & { devices?: (Pick<SeedAccessDevice, 'deviceId'> & Partial<SeedAccessDevice>)[] })[];
  };

/** What a seed file holds once it has passed the schema. */
interface SeedFile {
  accounts?: SeedAccount[];
  resourceGroups?: SeedResourceGroup[];
  regions?: RegionInput[];
  quotas?: Partial<Quotas>;
  timings?: Partial<Timings>;
}

function withRegionDefaults(r: RegionInput): SeedRegion {
  return {
    ...r,
    localName: r.localName ?? r.regionId,
    localNameEn: r.localNameEn ?? r.regionId,
    endpoint: r.endpoint ?? `vpc.${r.regionId}.aliyuncs.com`,
    ipv6: r.ipv6 ?? true,
    accessPoints: (r.accessPoints ?? []).map((ap) => ({
      ...ap,
      name: ap.name ?? ap.accessPointId,
      location: ap.location ?? r.regionId,
      hostOperator: ap.hostOperator ?? 'vbrd',
      status: ap.status ?? 'recommended',
      devices: (ap.devices ?? []).map((d) => ({ ...d, bfdSessionLimit: d.bfdSessionLimit ?? 64, ports: d.ports ?? [] })),
    })),
  };
}

/** What the schema cannot say of resource groups: each id once, at most one default per account. */
function checkResourceGroups(groups: SeedResourceGroup[]): SeedResourceGroup[] {
  const ids = new Set<string>();
  const defaults = new Set<string>();
  for (const g of groups) {
    check(!ids.has(g.resourceGroupId), `seed: resource group ${g.resourceGroupId} is listed twice`);
    ids.add(g.resourceGroupId);
    if (g.default) {
      check(!defaults.has(g.accountId), `seed: account ${g.accountId} has more than one default resource group`);
      defaults.add(g.accountId);
    }
  }
  return groups;
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
