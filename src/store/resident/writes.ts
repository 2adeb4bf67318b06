// Writes that have not reached the resident copy yet: a transaction's own, and those of the
// transactions of the open batch that finished before it. Each is kept by id and under the lists
// (record-index.ts listsOf) its record is on, so that a read finds quickly whether any touches it.
import type { ResourceRecord } from '../record.js';

type Rec = ResourceRecord<unknown>;

interface Write {
  /** The record as written, or null: deleted. */
  rec: Rec | null;
  lists: string[];
  /** The writes of the transaction that made it. */
  by: Writes;
}

export class Writes {
  private readonly byId = new Map<string, Write>();
  /**
   * Ids by list, built on the first idsOn: the batch's writes are asked on every list read, while a
   * transaction's own rarely are (CreateBgpPeer reads before it writes), so those skip the index.
   */
  private byList: Map<string, Set<string>> | undefined;

  /** What the last write of `id` left: a record, null (deleted), or undefined when none wrote it. */
  latest(id: string): Rec | null | undefined {
    return this.byId.get(id)?.rec;
  }

  /** The ids written under a list. */
  idsOn(list: string): ReadonlySet<string> | undefined {
    if (!this.byList) {
      this.byList = new Map();
      for (const [id, w] of this.byId) addToIndex(this.byList, id, w.lists);
    }
    return this.byList.get(list);
  }

  set(id: string, rec: Rec | null, lists: string[], by: Writes = this): void {
    this.byId.set(id, { rec, lists, by });
    if (this.byList) addToIndex(this.byList, id, lists);
  }

  /** Every id with what its last write left, in the order first written. */
  entries(): IterableIterator<[string, Write]> {
    return this.byId.entries();
  }

  /** Take in a transaction's writes, over any earlier ones of the same ids. */
  adopt(tx: Writes): void {
    for (const [id, w] of tx.entries()) this.set(id, w.rec, w.lists, tx);
  }

  /** Forget a transaction's writes, unless a later transaction has written the same id since. */
  drop(tx: Writes): void {
    for (const [id] of tx.entries()) {
      const w = this.byId.get(id);
      if (w?.by !== tx) continue;
      this.byId.delete(id);
      if (!this.byList) continue;
      for (const key of w.lists) {
        const ids = this.byList.get(key)!;
        ids.delete(id);
        if (ids.size === 0) this.byList.delete(key);
      }
    }
  }
}

function addToIndex(byList: Map<string, Set<string>>, id: string, lists: string[]): void {
  for (const key of lists) {
    let ids = byList.get(key);
    if (!ids) byList.set(key, (ids = new Set()));
    ids.add(id);
  }
}
