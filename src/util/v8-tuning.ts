// V8 settings for a process that serves vbrd's API, applied when a node starts.
import { setFlagsFromString } from 'node:v8';

/**
 * No allocation-site pretenuring. V8 allocates straight into the old generation at a site whose
 * objects mostly survived a young collection. Under vbrd's load such a verdict outlives the phase that
 * earned it: after a run of DescribeBgpPeers, CreateBgpPeer's young collections took twice as long
 * (promoted bytes per collection 2.3 MB against 0.3 MB, 140 MB of holes in the old generation). V8
 * reads this flag at each collection, so it may be set after start-up.
 */
export function tuneV8ForServing(): void {
  setFlagsFromString('--no-allocation-site-pretenuring');
}
