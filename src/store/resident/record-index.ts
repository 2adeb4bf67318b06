// Resource records held in memory, indexed for the reads vbrd makes: by id, and in id order per
// kind, per account and region, per VBR and per parent (each also within an account and region).
// Records are frozen when they enter, so every reader can share them.
import type { ListQuery, ListResult, ResourceKind, ResourceRecord } from '../record.js';

type Rec = ResourceRecord<unknown>;

/** The id-ordered lists a record belongs to. What a record is and where it hangs never changes (Store.update). */
export function listsOf(r: Pick<Rec, 'kind' | 'accountId' | 'regionId' | 'parentId' | 'vbrId'>): string[] {
  const scope = `${r.kind}|${r.accountId}|${r.regionId}`;
  const keys = [`k|${r.kind}`, `a|${scope}`];
  if (r.vbrId !== null) keys.push(`v|${r.kind}|${r.vbrId}`, `av|${scope}|${r.vbrId}`);
  if (r.parentId !== null) keys.push(`p|${r.kind}|${r.parentId}`, `ap|${scope}|${r.parentId}`);
  return keys;
}

/**
 * The list a query reads, and whether every record on it matches (no filter needed). Undefined for a
 * query this index does not answer (records referring to an id).
 */
export function listFor(q: ListQuery): { key: string; exact: boolean } | undefined {
  if (q.linkedTo !== undefined) return undefined;
  const scoped = q.accountId !== undefined && q.regionId !== undefined;
  const onlyScope = q.accountId === undefined && q.regionId === undefined;
  const filtered = q.ids !== undefined || q.statuses !== undefined || !(scoped || onlyScope);
  const scope = `${q.kind}|${q.accountId}|${q.regionId}`;
  // The narrowest list first: a parent's, a VBR's, an account's region, the kind.
  if (q.parentId !== undefined) {
    return { key: scoped ? `ap|${scope}|${q.parentId}` : `p|${q.kind}|${q.parentId}`, exact: !filtered && q.vbrId === undefined };
  }
  if (q.vbrId !== undefined) return { key: scoped ? `av|${scope}|${q.vbrId}` : `v|${q.kind}|${q.vbrId}`, exact: !filtered };
  if (scoped) return { key: `a|${scope}`, exact: !filtered };
  return { key: `k|${q.kind}`, exact: !filtered && onlyScope };
}

function matches(r: Rec, q: ListQuery): boolean {
  return (q.accountId === undefined || r.accountId === q.accountId)
    && (q.regionId === undefined || r.regionId === q.regionId)
    && (q.parentId === undefined || r.parentId === q.parentId)
    && (q.vbrId === undefined || r.vbrId === q.vbrId)
    && (q.statuses === undefined || q.statuses.includes(r.status));
}

/** Index of the first record in `list` (sorted by id) whose id is not below `id`. */
function lowerBound(list: Rec[], id: string): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (list[mid].id < id) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Freezes v and everything it holds; for records read fresh from SQL, which no one else holds. */
export function deepFreeze<T>(v: T): T {
  if (v !== null && typeof v === 'object') {
    for (const k in v) deepFreeze(v[k]);
    Object.freeze(v);
  }
  return v;
}

/** The record as the store keeps it: its fields only, its data as JSON would carry it, frozen. */
export function storedForm(r: Rec): Rec {
  return deepFreeze({
    id: r.id, kind: r.kind, accountId: r.accountId, regionId: r.regionId, parentId: r.parentId, vbrId: r.vbrId,
    status: r.status, dueAt: r.dueAt, data: JSON.parse(JSON.stringify(r.data)) as unknown,
  });
}

export class RecordIndex {
  private readonly byId = new Map<string, Rec>();
  private readonly lists = new Map<string, Rec[]>();

  get size(): number {
    return this.byId.size;
  }

  /** Insert or replace a record already in stored form (storedForm). */
  put(r: Rec): void {
    const old = this.byId.get(r.id);
    this.byId.set(r.id, r);
    for (const key of listsOf(r)) {
      let list = this.lists.get(key);
      if (!list) this.lists.set(key, list = []);
      // Ids grow with time, so a new record almost always goes at the end.
      const at = list.length && list[list.length - 1].id < r.id ? list.length : lowerBound(list, r.id);
      if (old && list[at]?.id === r.id) list[at] = r;
      else list.splice(at, 0, r);
    }
  }

  remove(id: string): void {
    const old = this.byId.get(id);
    if (!old) return;
    this.byId.delete(id);
    for (const key of listsOf(old)) {
      const list = this.lists.get(key)!;
      list.splice(lowerBound(list, id), 1);
      if (list.length === 0) this.lists.delete(key);
    }
  }

  byAnyKind(id: string): Rec | undefined {
    return this.byId.get(id);
  }

  get<D>(kind: ResourceKind, id: string): ResourceRecord<D> | undefined {
    const r = this.byId.get(id);
    return r?.kind === kind ? r as ResourceRecord<D> : undefined;
  }

  /** The query's page and total, as SqlStore.list gives them; undefined when listFor cannot place it. */
  list<D>(q: ListQuery): ListResult<D> | undefined {
    const list = listFor(q);
    if (!list) return undefined;
    let found: Rec[];
    if (q.ids !== undefined) {
      found = [];
      for (const id of new Set(q.ids)) {
        const r = this.byId.get(id);
        if (r && r.kind === q.kind && matches(r, q)) found.push(r);
      }
      found.sort((a, b) => (a.id < b.id ? -1 : 1));
    } else {
      const records = this.lists.get(list.key) ?? [];
      found = list.exact ? records : records.filter((r) => matches(r, q));
    }
    const from = q.offset ?? 0;
    const items = q.limit === undefined ? found.slice(from) : found.slice(from, from + q.limit);
    return { items: items as ResourceRecord<D>[], total: found.length };
  }
}
