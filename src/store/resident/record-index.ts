// Resource records held in memory, indexed for the reads vbrd makes: by id, in id order per kind, per
// account and region, per VBR and per parent, and counted per kind, status and VBR. Records are frozen
// when they enter, so every reader can share them.
import type { ListQuery, ListResult, ResourceKind, ResourceRecord } from '../record.js';

type Rec = ResourceRecord<unknown>;

/** The id-ordered lists a record is on. What a record is and where it hangs never changes (Store.update). */
export function listsOf(r: Rec): string[] {
  const keys = [`k|${r.kind}`, `a|${r.kind}|${r.accountId}|${r.regionId}`];
  if (r.vbrId !== null) keys.push(`v|${r.kind}|${r.vbrId}`);
  if (r.parentId !== null) keys.push(`p|${r.kind}|${r.parentId}`);
  return keys;
}

/**
 * The list a query reads: the narrowest it names (a parent's, a VBR's, an account's region, the kind).
 * Undefined for a query this index does not answer (records referring to an id).
 */
export function listFor(q: ListQuery): string | undefined {
  if (q.linkedTo !== undefined) return undefined;
  if (q.parentId !== undefined) return `p|${q.kind}|${q.parentId}`;
  if (q.vbrId !== undefined) return `v|${q.kind}|${q.vbrId}`;
  if (q.accountId !== undefined && q.regionId !== undefined) return `a|${q.kind}|${q.accountId}|${q.regionId}`;
  return `k|${q.kind}`;
}

/**
 * Records in id order, and the account and region they share, if they do. The records under one VBR
 * or parent always do, so a page of them needs no filtering.
 */
class IdList {
  readonly records: Rec[] = [];
  readonly accountId: string;
  readonly regionId: string;
  /** Some record is from another account or region (stays so after it goes: only a cost, never wrong). */
  mixed = false;

  constructor(first: Rec) {
    this.accountId = first.accountId;
    this.regionId = first.regionId;
  }

  put(r: Rec, replace: boolean): void {
    const list = this.records;
    if (r.accountId !== this.accountId || r.regionId !== this.regionId) this.mixed = true;
    // Ids grow with time, so a new record almost always goes at the end.
    const at = list.length && list[list.length - 1].id < r.id ? list.length : lowerBound(list, r.id);
    if (replace && list[at]?.id === r.id) list[at] = r;
    else list.splice(at, 0, r);
  }

  remove(id: string): void {
    this.records.splice(lowerBound(this.records, id), 1);
  }
}

function matches(r: Rec, q: ListQuery): boolean {
  return (
    (q.accountId === undefined || r.accountId === q.accountId) &&
    (q.regionId === undefined || r.regionId === q.regionId) &&
    (q.parentId === undefined || r.parentId === q.parentId) &&
    (q.vbrId === undefined || r.vbrId === q.vbrId) &&
    (q.statuses === undefined || q.statuses.includes(r.status))
  );
}

/** Whether a record is one the query asks for (its kind, ids and filters). */
export function inQuery(r: Rec, q: ListQuery): boolean {
  return r.kind === q.kind && (q.ids === undefined || q.ids.includes(r.id)) && matches(r, q);
}

/** The page of `found` (in id order, every match) the query asks for, with their number. */
export function page<D>(found: Rec[], q: ListQuery): ListResult<D> {
  const from = q.offset ?? 0;
  const items = q.limit === undefined ? found.slice(from) : found.slice(from, from + q.limit);
  return { items: items as ResourceRecord<D>[], total: found.length };
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

/** The record as the store keeps it: its fields only, its data as `dataJson` (its JSON text) carries it, frozen. */
export function storedForm(r: Rec, dataJson = JSON.stringify(r.data)): Rec {
  return deepFreeze({
    id: r.id,
    kind: r.kind,
    accountId: r.accountId,
    regionId: r.regionId,
    parentId: r.parentId,
    vbrId: r.vbrId,
    status: r.status,
    dueAt: r.dueAt,
    data: JSON.parse(dataJson) as unknown,
  });
}

export class RecordIndex {
  private readonly byId = new Map<string, Rec>();
  private readonly lists = new Map<string, IdList>();
  /** `kind|status` → VBR id → how many records of that kind in that status the VBR holds (never 0). */
  private readonly perVbr = new Map<string, Map<string, number>>();

  /** Insert or replace a record already in stored form (storedForm); `lists` are its listsOf. */
  put(r: Rec, lists = listsOf(r)): void {
    const old = this.byId.get(r.id);
    const replace = old !== undefined;
    if (old) this.count(old, -1);
    this.count(r, 1);
    this.byId.set(r.id, r);
    for (const key of lists) {
      let list = this.lists.get(key);
      if (!list) this.lists.set(key, (list = new IdList(r)));
      list.put(r, replace);
    }
  }

  remove(id: string): void {
    const old = this.byId.get(id);
    if (!old) return;
    this.count(old, -1);
    this.byId.delete(id);
    for (const key of listsOf(old)) {
      const list = this.lists.get(key)!;
      list.remove(id);
      if (list.records.length === 0) this.lists.delete(key);
    }
  }

  private count(r: Rec, by: 1 | -1): void {
    if (r.vbrId === null) return;
    const key = `${r.kind}|${r.status}`;
    let vbrs = this.perVbr.get(key);
    if (!vbrs) this.perVbr.set(key, (vbrs = new Map<string, number>()));
    const n = (vbrs.get(r.vbrId) ?? 0) + by;
    if (n === 0) vbrs.delete(r.vbrId);
    else vbrs.set(r.vbrId, n);
  }

  /** The distinct VBRs holding records of these kinds in these statuses (Store.vbrIdsWith). */
  vbrIdsWith(kinds: readonly ResourceKind[], statuses: readonly string[]): string[] {
    const found = new Set<string>();
    for (const kind of kinds) {
      for (const status of statuses) for (const vbrId of this.perVbr.get(`${kind}|${status}`)?.keys() ?? []) found.add(vbrId);
    }
    return [...found];
  }

  /** The record with this id, of any kind. */
  byAnyKind(id: string): Rec | undefined {
    return this.byId.get(id);
  }

  get<D>(kind: ResourceKind, id: string): ResourceRecord<D> | undefined {
    const r = this.byId.get(id);
    return r?.kind === kind ? (r as ResourceRecord<D>) : undefined;
  }

  /** The query's page and total, as SqlStore.list gives them; undefined when listFor cannot place it. */
  list<D>(q: ListQuery): ListResult<D> | undefined {
    const key = listFor(q);
    if (key === undefined) return undefined;
    let found: Rec[];
    if (q.ids !== undefined) {
      found = [];
      for (const id of new Set(q.ids)) {
        const r = this.byId.get(id);
        if (r && r.kind === q.kind && matches(r, q)) found.push(r);
      }
      found.sort((a, b) => (a.id < b.id ? -1 : 1));
    } else {
      const list = this.lists.get(key);
      const inScope =
        (q.accountId === undefined && q.regionId === undefined) ||
        (list !== undefined &&
          !list.mixed &&
          (q.accountId === undefined || q.accountId === list.accountId) &&
          (q.regionId === undefined || q.regionId === list.regionId));
      // Every record on the list matches when the query's scope holds them all and nothing else narrows it.
      const exact = inScope && q.statuses === undefined && (q.parentId === undefined || q.vbrId === undefined);
      found = !list ? [] : exact ? list.records : list.records.filter((r) => matches(r, q));
    }
    return page(found, q);
  }
}
