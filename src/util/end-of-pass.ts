// Work deferred to the end of the current pass of the event loop, shared by everything that batches
// per pass (the SQLite group commit, the HTTP answers), so that one batch's results can feed the next
// batch within the same pass.
//
// A plain setImmediate runs in this pass's check phase when called during I/O callbacks, but a whole
// pass later when called from the check phase itself: the answers of a group commit (resolved in the
// check phase) would then wait behind the parsing of every request that arrived meanwhile. Here, work
// queued while end-of-pass work or the promise chains it started are running runs as soon as those
// chains have settled, still in this pass: for a few rounds, so that a chain of work that keeps
// queueing more (the reconciler's settle writes, one VBR after another) still lets I/O in.

/** Rounds per pass: a group commit, then its answers and the transactions its results started, … */
const MAX_ROUNDS = 4;

let queue: (() => void)[] = [];
let scheduled = false;
let running = false;
let rounds = 0;

function schedule(): void {
  scheduled = true;
  setImmediate(() => {
    scheduled = false;
    running = true;
    rounds = 0;
    runQueued();
  });
}

function runQueued(): void {
  rounds++;
  const fns = queue;
  queue = [];
  for (const fn of fns) {
    try {
      fn();
    } catch (e) {
      // Reported as a throwing setImmediate callback would be, without dropping the rest of the queue.
      queueMicrotask(() => {
        throw e;
      });
    }
  }
  // A nextTick queued from a microtask runs once the whole microtask queue has drained: after every
  // promise chain the callbacks above started, and whatever those queued here.
  queueMicrotask(() =>
    process.nextTick(() => {
      if (queue.length && rounds < MAX_ROUNDS) return runQueued();
      running = false;
      if (queue.length) schedule();
    }),
  );
}

/**
 * Run fn at the end of this pass of the event loop: after the I/O callbacks of the pass (requests of
 * one pass are batched together), or, when called from end-of-pass work or the promise chains it
 * started, once those have settled (in the next pass after MAX_ROUNDS rounds).
 */
export function atEndOfPass(fn: () => void): void {
  queue.push(fn);
  if (!running && !scheduled) schedule();
}
