// Reset and snapshots: the whole state (or one account's) as a versioned JSON document, exported and
// imported through the Store's ordinary transactions, so the resident copy, the quota keys and the
// links follow as they follow any write. The seed's inventory (regions, access points, accounts) is
// configuration, not state: it stays.
import { RESOURCE_KINDS, type ClientTokenEntry, type RecordIndexing, type ResourceKind, type ResourceRecord } from '../store/record.js';
import type { Store } from '../store/store.js';
import { asObject, badInput, ACCOUNT_ID } from './input.js';

export const STATE_FORMAT = 'vbrd-state';
/** Bumped when a document's shape changes; a newer document than this is refused. */
export const STATE_VERSION = 1;

export interface StateDocument {
  format: typeof STATE_FORMAT;
  version: number;
  exportedAt: string;
  /** Present when the document holds one account's state. */
  accountId?: string;
  resources: ResourceRecord<unknown>[];
  clientTokens: ClientTokenEntry[];
}

type Rec = ResourceRecord<unknown>;

async function everyRecord(store: Store): Promise<Rec[]> {
  const out: Rec[] = [];
  for (const kind of RESOURCE_KINDS) out.push(...(await store.list<unknown>({ kind })).items);
  return out;
}

export async function exportState(store: Store, accountId?: string): Promise<StateDocument> {
  const all = await everyRecord(store);
  return {
    format: STATE_FORMAT,
    version: STATE_VERSION,
    exportedAt: new Date().toISOString(),
    ...(accountId !== undefined && { accountId }),
    resources: accountId === undefined ? all : all.filter((r) => r.accountId === accountId),
    clientTokens: await store.listClientTokens(accountId),
  };
}

/** The ids a record refers to: its parent, its VBR and what the store indexes as its links. */
function referencesOf(r: Rec, indexing: RecordIndexing): string[] {
  const refs = indexing.linkingKinds.has(r.kind) ? indexing.linksOf(r) : [];
  if (r.parentId !== null) refs.push(r.parentId);
  if (r.vbrId !== null && r.vbrId !== r.id) refs.push(r.vbrId);
  return refs;
}

/** Of `kept`, those that still have everything they refer to among `present` (and each other), repeatedly. */
function withoutDangling(kept: Rec[], present: Set<string>, indexing: RecordIndexing): Rec[] {
  let left = kept;
  for (;;) {
    const ids = new Set([...present, ...left.map((r) => r.id)]);
    const next = left.filter((r) => referencesOf(r, indexing).every((id) => ids.has(id)));
    if (next.length === left.length) return left;
    left = next;
  }
}

const IDENTITY = ['kind', 'accountId', 'regionId', 'parentId', 'vbrId'] as const;
const sameIdentity = (a: Rec, b: Rec) => IDENTITY.every((k) => a[k] === b[k]);

/**
 * Makes the store hold `incoming` in place of the records of `accountId` (or of everything), in one
 * transaction. Records of other accounts that referred to a record now gone go too (another account's
 * VBR on a circuit that no longer exists). Returns how many records were removed and written.
 */
async function replaceRecords(
  store: Store,
  indexing: RecordIndexing,
  accountId: string | undefined,
  incoming: Rec[],
): Promise<{ removed: number; written: number }> {
  const current = await everyRecord(store);
  const others = accountId === undefined ? [] : current.filter((r) => r.accountId !== accountId);
  const incomingIds = new Set(incoming.map((r) => r.id));
  for (const r of others) if (incomingIds.has(r.id)) throw badInput(`record ${r.id} belongs to account ${r.accountId}, not ${accountId}`);
  const present = new Set([...incomingIds, ...others.map((r) => r.id)]);
  for (const r of incoming) {
    const missing = referencesOf(r, indexing).find((id) => !present.has(id));
    if (missing !== undefined)
      throw badInput(`record ${r.id} refers to ${missing}, which neither the document nor the other accounts hold`);
  }
  const kept = new Set(withoutDangling(others, incomingIds, indexing).map((r) => r.id));
  const byId = new Map(current.map((r) => [r.id, r]));
  const gone = current.filter(
    (r) =>
      !kept.has(r.id) &&
      !(
        incomingIds.has(r.id) &&
        sameIdentity(
          r,
          incoming.find((x) => x.id === r.id)!,
        )
      ),
  );
  // A record that comes back under the same id updates in place; one whose identity changed (another
  // kind, parent…) must leave the in-memory indexes first, in a transaction of its own.
  const moved = gone.filter((r) => incomingIds.has(r.id));
  if (moved.length > 0)
    await store.transaction([], async (tx) => {
      for (const r of moved) await tx.delete(r);
    });
  await store.transaction([], async (tx) => {
    for (const r of gone) if (!incomingIds.has(r.id)) await tx.delete(r);
    for (const r of incoming) {
      const was = byId.get(r.id);
      if (was && sameIdentity(was, r)) await tx.update(r);
      else await tx.insert(r);
    }
  });
  return { removed: gone.length - moved.length, written: incoming.length };
}

export async function resetState(store: Store, indexing: RecordIndexing, accountId?: string): Promise<{ removed: number }> {
  const { removed } = await replaceRecords(store, indexing, accountId, []);
  await store.replaceClientTokens(accountId, []);
  // Timelines of peers that no longer exist would otherwise show under reused ids.
  await store.clearBgpStatusHistory(accountId);
  // Nonces belong to no account: only a whole reset forgets them.
  if (accountId === undefined) await store.clearNonces();
  return { removed };
}

export async function importState(
  store: Store,
  indexing: RecordIndexing,
  doc: StateDocument,
): Promise<{ removed: number; written: number; clientTokens: number }> {
  const r = await replaceRecords(store, indexing, doc.accountId, doc.resources);
  await store.replaceClientTokens(doc.accountId, doc.clientTokens);
  return { ...r, clientTokens: doc.clientTokens.length };
}

// ---- reading a document: everything checked before anything changes ----

const isStr = (v: unknown): v is string => typeof v === 'string';
const isNullableStr = (v: unknown) => v === null || (isStr(v) && v !== '');

function parseRecord(v: unknown, at: string): Rec {
  const o = asObject(v, at);
  const { id, kind, accountId, regionId, parentId, vbrId, status, dueAt, data } = o;
  if (!isStr(id) || id === '') throw badInput(`${at}: id must be a non-empty string`);
  if (!isStr(kind) || !(RESOURCE_KINDS as readonly string[]).includes(kind))
    throw badInput(`${at} (${id}): kind must be one of ${RESOURCE_KINDS.join(', ')}`);
  if (!isStr(accountId) || !ACCOUNT_ID.test(accountId)) throw badInput(`${at} (${id}): accountId must be a string of digits`);
  if (!isStr(regionId)) throw badInput(`${at} (${id}): regionId must be a string`);
  if (!isNullableStr(parentId)) throw badInput(`${at} (${id}): parentId must be a string or null`);
  if (!isNullableStr(vbrId)) throw badInput(`${at} (${id}): vbrId must be a string or null`);
  if (!isStr(status) || status === '') throw badInput(`${at} (${id}): status must be a non-empty string`);
  if (!(dueAt === null || (typeof dueAt === 'number' && Number.isSafeInteger(dueAt) && dueAt >= 0)))
    throw badInput(`${at} (${id}): dueAt must be a time in ms or null`);
  asObject(data, `${at} (${id}): data`);
  const extra = Object.keys(o).filter(
    (k) => !['id', 'kind', 'accountId', 'regionId', 'parentId', 'vbrId', 'status', 'dueAt', 'data'].includes(k),
  );
  if (extra.length) throw badInput(`${at} (${id}): unknown field "${extra[0]}"`);
  return { id, kind: kind as ResourceKind, accountId, regionId, parentId, vbrId, status, dueAt, data } as Rec;
}

function parseToken(v: unknown, at: string): ClientTokenEntry {
  const o = asObject(v, at);
  const { accountId, action, token, paramsHash, response, createdAt } = o;
  if (!isStr(accountId) || !ACCOUNT_ID.test(accountId)) throw badInput(`${at}: accountId must be a string of digits`);
  if (!isStr(action) || action === '' || !isStr(token) || token === '' || !isStr(paramsHash))
    throw badInput(`${at}: action, token and paramsHash must be strings`);
  if (typeof createdAt !== 'number' || !Number.isSafeInteger(createdAt)) throw badInput(`${at}: createdAt must be a time in ms`);
  return { accountId, action, token, paramsHash, response: asObject(response, `${at}: response`), createdAt };
}

/**
 * A state document, checked whole. With `accountId` (the import's own scope), a whole document gives
 * that account's part; an account's document must be that account's.
 */
export function parseStateDocument(raw: unknown, accountId?: string): StateDocument {
  const o = asObject(raw, 'a state document');
  if (o.format !== STATE_FORMAT) throw badInput(`not a vbrd state document (format must be "${STATE_FORMAT}")`);
  if (typeof o.version !== 'number' || !Number.isInteger(o.version) || o.version < 1) throw badInput('version must be a whole number');
  if (o.version > STATE_VERSION)
    throw badInput(
      `the document is of format version ${o.version}, newer than this vbrd reads (${STATE_VERSION}): import it with a newer vbrd`,
    );
  if (o.accountId !== undefined && (!isStr(o.accountId) || !ACCOUNT_ID.test(o.accountId)))
    throw badInput('accountId must be a string of digits');
  const docAccount = o.accountId as string | undefined;
  if (accountId !== undefined && docAccount !== undefined && accountId !== docAccount)
    throw badInput(`the document holds account ${docAccount}'s state, not ${accountId}'s`);
  if (!Array.isArray(o.resources)) throw badInput('resources must be a list');
  if (o.clientTokens !== undefined && !Array.isArray(o.clientTokens)) throw badInput('clientTokens must be a list');
  const scope = accountId ?? docAccount;
  let resources = o.resources.map((r, i) => parseRecord(r, `resources[${i}]`));
  let clientTokens = ((o.clientTokens ?? []) as unknown[]).map((t, i) => parseToken(t, `clientTokens[${i}]`));
  const seen = new Set<string>();
  for (const r of resources) {
    if (seen.has(r.id)) throw badInput(`record ${r.id} appears twice`);
    seen.add(r.id);
  }
  if (docAccount !== undefined) {
    const stranger = resources.find((r) => r.accountId !== docAccount) ?? clientTokens.find((t) => t.accountId !== docAccount);
    if (stranger) throw badInput(`the document is account ${docAccount}'s but holds account ${stranger.accountId}'s state`);
  }
  if (scope !== undefined) {
    resources = resources.filter((r) => r.accountId === scope);
    clientTokens = clientTokens.filter((t) => t.accountId === scope);
  }
  return {
    format: STATE_FORMAT,
    version: o.version,
    exportedAt: isStr(o.exportedAt) ? o.exportedAt : '',
    ...(scope !== undefined && { accountId: scope }),
    resources,
    clientTokens,
  };
}
