// One row shape for every resource vbrd keeps: a few indexed columns the store can filter and
// order by, plus the resource's own fields as a JSON document. New kinds need no new table.

export type ResourceKind =
  | 'PhysicalConnectionService'
  | 'PhysicalConnection'
  | 'VirtualBorderRouter'
  | 'BgpGroup'
  | 'BgpPeer'
  | 'BgpNetwork'
  | 'VbrRouteEntry'
  | 'VbrHa'
  | 'RamUser'
  | 'RamAccessKey'
  | 'RamPolicy'
  | 'RamPolicyAttachment';

/** Every kind, for whoever must go through all records (reset, snapshots). */
export const RESOURCE_KINDS = [
  'PhysicalConnectionService',
  'PhysicalConnection',
  'VirtualBorderRouter',
  'BgpGroup',
  'BgpPeer',
  'BgpNetwork',
  'VbrRouteEntry',
  'VbrHa',
  'RamUser',
  'RamAccessKey',
  'RamPolicy',
  'RamPolicyAttachment',
] as const satisfies readonly ResourceKind[];
// A kind added to ResourceKind but not to RESOURCE_KINDS fails to compile here.
const everyKindListed: Exclude<ResourceKind, (typeof RESOURCE_KINDS)[number]> extends never ? true : never = true;
void everyKindListed;

export interface ResourceRecord<D = Record<string, unknown>> {
  /** Globally unique; time-ordered, so ordering by id is creation order. */
  id: string;
  kind: ResourceKind;
  accountId: string;
  regionId: string;
  /** The parent in the API's tree (circuit of a VBR, VBR of a group, group of a peer), or null. */
  parentId: string | null;
  /** The VBR this resource belongs to (itself for a VBR), or null. */
  vbrId: string | null;
  status: string;
  /** When the lifecycle loop must look at this resource again (ms since epoch), or null when settled. */
  dueAt: number | null;
  data: D;
}

export interface ListQuery {
  kind: ResourceKind;
  accountId?: string;
  regionId?: string;
  parentId?: string;
  vbrId?: string;
  ids?: string[];
  statuses?: string[];
  /** Only records that refer to this id (see RecordIndexing). */
  linkedTo?: string;
  /** Page by creation order. Without limit, every match. */
  limit?: number;
  offset?: number;
}

/**
 * Records holding a quota key (see RecordIndexing): all holders of one key, or an account's
 * holders of every key with a prefix.
 */
export type QuotaKeyQuery = { key: string } | { keyPrefix: string; accountId: string };

/**
 * What the store indexes beyond a record's columns, so that some questions need not read every record:
 * who refers to an id (ListQuery.linkedTo) and how many hold a quota key (QuotaKeyQuery). The rules are
 * the domain's (domain/record-indexing.ts); whoever opens a store hands them in.
 */
export interface RecordIndexing {
  /** Kinds whose records may refer to others: links are kept only for these. */
  linkingKinds: ReadonlySet<ResourceKind>;
  /** The distinct ids a record refers to beyond its parent (none for other kinds). */
  linksOf(r: Pick<ResourceRecord<unknown>, 'kind' | 'data'>): string[];
  /** The quota key a record holds, or null. */
  quotaKeyOf(r: Pick<ResourceRecord<unknown>, 'kind' | 'status' | 'data'>): string | null;
}

export interface ListResult<D> {
  items: ResourceRecord<D>[];
  total: number;
}

export interface IdempotencyEntry {
  paramsHash: string;
  /** The success body first returned, without RequestId. */
  response: Record<string, unknown>;
}

/** A remembered ClientToken, as a snapshot carries it. */
export interface ClientTokenEntry extends IdempotencyEntry {
  accountId: string;
  action: string;
  token: string;
  /** When it was first used (ms); it is forgotten a day later. */
  createdAt: number;
}

export interface AuditEntry {
  time: number;
  accountId: string;
  principal: string;
  action: string;
  resource: string;
  decision: 'Allow' | 'ExplicitDeny' | 'ImplicitDeny' | 'Root' | 'SoftDeny';
  code: string;
  requestId: string;
  sourceIp: string;
}

export interface AuditQuery {
  accountId?: string;
  principal?: string;
  action?: string;
  decision?: string;
  since?: number;
  until?: number;
  limit?: number;
  /** With limit: the latest entries (still returned oldest first) rather than the earliest. */
  latest?: boolean;
}

/** A peer's BgpStatus as the reconciler changed it (the console's session timeline). */
export interface BgpStatusChange {
  time: number;
  accountId: string;
  peerId: string;
  from: string;
  to: string;
}

export interface BgpStatusHistoryQuery {
  peerId: string;
  since?: number;
  limit?: number;
}
