// What the FRR speaker last read of each VRF's sessions, from two kinds of reads that may overlap: a read of
// one VRF after BMP said something changed there, and the slow read of everything. Each read is numbered
// when it starts; a VRF keeps the result of the latest-started read that covered it, so a slow full read
// that began before a session came up never puts it back down. A VRF whose sessions read the same as before
// keeps its Map, which tells the reconciler it has nothing new.
import type { Observations, PeerObservation } from '../speaker.js';

type Group = ReadonlyMap<string, PeerObservation>;

export class SessionView {
  private readonly groups = new Map<string, { read: number; group: Group }>();
  private reads = 0;

  /** Number a read as it starts: pass the number to `take` with what it found. */
  startRead(): number {
    return ++this.reads;
  }

  /**
   * What read `read` found of these VRFs; `complete`: every VRF there is was read, so those not among them
   * are gone. Returns whether what the view shows changed.
   */
  take(read: number, found: ReadonlyMap<string, Group>, complete = false): boolean {
    let changed = false;
    for (const [vrf, group] of found) {
      const had = this.groups.get(vrf);
      if (had && had.read > read) continue;
      if (had && sameGroup(had.group, group)) {
        had.read = read;
        continue;
      }
      this.groups.set(vrf, { read, group });
      changed = true;
    }
    if (complete) {
      for (const [vrf, had] of this.groups) {
        if (!found.has(vrf) && had.read < read) {
          this.groups.delete(vrf);
          changed = true;
        }
      }
    }
    return changed;
  }

  /** The VRF is no longer carried. */
  forget(vrf: string): boolean {
    return this.groups.delete(vrf);
  }

  /** Every VRF's sessions as last read; unchanged groups are the same Maps as before. */
  current(): Observations {
    const out = new Map<string, Group>();
    for (const [vrf, { group }] of this.groups) out.set(vrf, group);
    return out;
  }
}

function sameGroup(a: Group, b: Group): boolean {
  if (a.size !== b.size) return false;
  for (const [id, x] of a) {
    const y = b.get(id);
    if (
      !y ||
      x.bgpStatus !== y.bgpStatus ||
      x.bfdStatus !== y.bfdStatus ||
      x.receivedRouteCount !== y.receivedRouteCount ||
      x.advertisedRouteCount !== y.advertisedRouteCount
    )
      return false;
  }
  return true;
}
