// The seed file's JSON Schema: what loadSeed accepts, published as schema/seed.schema.json (printed by
// `vbrd seed-schema`) so editors complete and check seed files. Each object's properties are written
// against the seed's own interfaces, so a field added to one of them without its schema, or a schema
// property the code does not know, fails to compile; quotas and timings come from their defaults.
import { DEFAULT_QUOTAS, DEFAULT_TIMINGS } from './seed-defaults.js';
import type { SeedAccessDevice, SeedAccessKey, SeedAccessPoint, SeedAccount, SeedPort, SeedRegion, SeedResourceGroup } from './seed.js';

/** The subset of JSON Schema (draft-07) the seed's schema uses. */
export interface JsonSchema {
  type?: 'object' | 'array' | 'string' | 'integer' | 'number' | 'boolean';
  description?: string;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean;
  items?: JsonSchema;
  minItems?: number;
  enum?: readonly string[];
  pattern?: string;
  minLength?: number;
  minimum?: number;
  default?: unknown;
}

/** An object of exactly T's fields: every one described, none unknown, the listed ones required. */
function objectOf<T>(description: string, properties: { [K in keyof T]-?: JsonSchema }, required: (keyof T & string)[]): JsonSchema {
  return { type: 'object', description, properties, required, additionalProperties: false };
}

const listOf = (description: string, items: JsonSchema, minItems?: number): JsonSchema => ({
  type: 'array',
  description,
  items,
  ...(minItems ? { minItems } : {}),
});
const text = (description: string, extra: Omit<JsonSchema, 'type' | 'description'> = {}): JsonSchema => ({
  type: 'string',
  description,
  ...extra,
});

const ACCOUNT_ID = text('an Alibaba Cloud account id: a string of 1-20 digits (quote it in YAML)', { pattern: '^\\d{1,20}$' });

const accessKey = objectOf<SeedAccessKey>(
  'an AccessKey of the account',
  { accessKeyId: text('the AccessKeyId', { minLength: 1 }), accessKeySecret: text('its secret', { minLength: 1 }) },
  ['accessKeyId', 'accessKeySecret'],
);

const account = objectOf<SeedAccount>(
  'an account besides the root one, isolated from the others',
  {
    accountId: ACCOUNT_ID,
    name: text('a name for people'),
    accessKeys: listOf('the AccessKeys that sign as this account', accessKey),
    physicalConnectionServiceOpen: { type: 'boolean', description: 'as if OpenPhysicalConnectionService had been called' },
  },
  ['accountId', 'accessKeys'],
);

const resourceGroup = objectOf<SeedResourceGroup>(
  'a resource group of an account, beyond its default one',
  {
    resourceGroupId: text('rg- and 4-40 lower-case letters or digits', { pattern: '^rg-[a-z0-9]{4,40}$' }),
    accountId: ACCOUNT_ID,
    name: text('a name for people'),
    default: { type: 'boolean', description: "this account's default group, instead of the one vbrd makes up" },
  },
  ['resourceGroupId', 'accountId'],
);

const port = objectOf<SeedPort>(
  'a port of the access device',
  {
    portNumber: text('e.g. 1/1/1', { minLength: 1 }),
    farSideNamespace: text("FRR data plane: the network namespace of the customer's side of this port", { minLength: 1 }),
  },
  ['portNumber'],
);

const device = objectOf<SeedAccessDevice>(
  'an access device; a physical connection is allocated one of its free ports',
  {
    deviceId: text('the device id', { minLength: 1 }),
    bfdSessionLimit: { type: 'integer', minimum: 0, default: 64, description: 'BFD sessions this device carries, across accounts' },
    ports: listOf('its ports', port),
  },
  ['deviceId'],
);

const ACCESS_POINT_STATUSES: readonly SeedAccessPoint['status'][] = ['recommended', 'hot', 'full', 'disabled'];

const accessPoint = objectOf<SeedAccessPoint>(
  'an access point of the region',
  {
    accessPointId: text('e.g. ap-cn-hangzhou-yh-B', { minLength: 1 }),
    name: text('its name (default: the id)'),
    nameEn: text('its English name'),
    description: text('a description'),
    location: text('where it is (default: the region id)'),
    hostOperator: text('the operator hosting it (default: vbrd)'),
    status: { type: 'string', enum: ACCESS_POINT_STATUSES, default: 'recommended', description: 'its status' },
    devices: listOf('its access devices', device),
  },
  ['accessPointId'],
);

const region = objectOf<SeedRegion>(
  'a region served',
  {
    regionId: text('e.g. cn-hangzhou', { minLength: 1 }),
    localName: text('its local name (default: the id)'),
    localNameEn: text('its English name (default: the id)'),
    endpoint: text('its API endpoint (default: vpc.<regionId>.aliyuncs.com)'),
    ipv6: { type: 'boolean', default: true, description: 'false: IPv6 BGP is refused (OperationUnsupported.IPV6ForThisRegion)' },
    accessPoints: listOf('its access points', accessPoint),
  },
  ['regionId'],
);

function numbersLike(description: string, defaults: object, unit: string): JsonSchema {
  return {
    type: 'object',
    description,
    properties: Object.fromEntries(
      Object.entries(defaults).map(([k, v]) => [k, { type: 'number', minimum: 0, default: v as number, description: unit }]),
    ),
    additionalProperties: false,
  };
}

export const SEED_SCHEMA = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  title: 'vbrd seed file',
  description:
    'The accounts, regions, access points and devices, quotas and timings vbrd serve emulates (--seed FILE). ' +
    'Every section is optional; one named replaces the default, quotas and timings merge key by key. See docs/configuration.md.',
  type: 'object',
  properties: {
    $schema: text('the schema this file follows (for editors)'),
    accounts: listOf('accounts besides the root one', account),
    resourceGroups: listOf("resource groups beyond each account's default one", resourceGroup),
    regions: listOf('the regions served, replacing the built-in six', region, 1),
    quotas: numbersLike('quotas; each key not given keeps its default', DEFAULT_QUOTAS, 'a count'),
    timings: numbersLike('lifecycle timings; each key not given keeps its default', DEFAULT_TIMINGS, 'milliseconds'),
  },
  additionalProperties: false,
} as const satisfies JsonSchema & { $schema: string; title: string };

/** The schema as published: schema/seed.schema.json holds exactly this text. */
export function seedSchemaText(): string {
  return JSON.stringify(SEED_SCHEMA, null, 2) + '\n';
}
