// Two vbrd processes on one PostgreSQL schema: exactly one drives the speaker (the reconciler lease);
// when it is SIGKILLed the other takes over within the lease TTL (5 s) and work created meanwhile
// settles, each settle happening once per generation. Who wrote what is read from the database
// itself (transitions.ts), which names the writing node.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { reportUnavailable, SchemaPool, unavailableReason } from '../support/postgres.js';
import { availableGroup, peerStatus } from '../support/fixtures.js';
import { $Vpc, waitFor } from '../support/harness.js';
import { crash, killAll, startNode, writeSeed, type LogLine, type Node } from './nodes.js';
import { readTransitions, recordTransitions, type Transition } from './transitions.js';
import { activeVbrs } from './topology.js';

const R = 'cn-hangzhou';
/** The reconciler's lease TTL (src/reconcile/bgp-reconciler.ts default). */
const LEASE_TTL_MS = 5000;

const reason = await unavailableReason();
if (reason !== null) {
  reportUnavailable('multinode fail-over', reason);
} else {
  const schemas = new SchemaPool();
  let url: string;
  let a: Node;
  let b: Node;
  let group: string;

  before(async () => {
    url = schemas.next().url;
    const seedFile = writeSeed();
    // A first, so it is the one leading; the recorder goes in once A has migrated the schema.
    a = await startNode({ name: 'nodeA', databaseUrl: url, seedFile });
    await waitFor(async () => (await a.health()).reconcilerLeader, 5000, 'nodeA leading');
    await recordTransitions(url);
    b = await startNode({ name: 'nodeB', databaseUrl: url, seedFile });
    const [vbr] = (await activeVbrs(b.vpc, 1)).vbrIds;
    group = await availableGroup(b.vpc, vbr);
  });
  after(async () => {
    await killAll();
    await schemas.dropAll();
  });

  const leaseEvents = (n: Node, lease: string) =>
    n.logs.filter((l: LogLine) => l.lease === lease && (l.msg === 'lease acquired' || l.msg === 'lease lost'));
  const createPeer = async (n: Node, ip: string) =>
    (await n.vpc.createBgpPeer(new $Vpc.CreateBgpPeerRequest({ regionId: R, bgpGroupId: group, peerIpAddress: ip }))).body!.bgpPeerId!;
  const established = (n: Node, id: string) =>
    waitFor(
      async () => {
        const p = await peerStatus(n.vpc, id);
        return p?.status === 'Available' && p.bgpStatus === 'Established';
      },
      10_000,
      `${id} Available and Established via ${n.name}`,
    );
  /** Settles: a configuration change reaching Available. Keyed by resource and generation. */
  const settles = (ts: Transition[]) => ts.filter((t) => t.op === 'UPDATE' && t.newStatus === 'Available' && t.oldStatus !== 'Available');

  test('exactly one node drives the speaker; on SIGKILL of it the other takes over within the lease TTL and settles new work once', async () => {
    // 1. One leader, the same one, across a second of samples.
    for (let i = 0; i < 10; i++) {
      const [ha, hb] = await Promise.all([a.health(), b.health()]);
      assert.deepEqual([ha.reconcilerLeader, hb.reconcilerLeader], [true, false], `sample ${i}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    const p1 = await createPeer(b, '198.51.100.1');
    await established(b, p1);
    const before = await readTransitions(url);
    const reconcilerWrites = (ts: Transition[]) => ts.filter((t) => t.op === 'UPDATE'); // actions only insert here; updates are settles and observations
    assert.ok(reconcilerWrites(before).length > 0);
    assert.deepEqual([...new Set(reconcilerWrites(before).map((t) => t.writer))], ['nodeA'], 'only the leader settled and observed');

    // 2. The leader dies without a word; work arrives at the survivor at once.
    const killedAt = Date.now();
    await crash(a);
    const p2 = await createPeer(b, '198.51.100.2');
    assert.equal((await peerStatus(b.vpc, p2)).status, 'Pending');
    await waitFor(async () => (await b.health()).reconcilerLeader, LEASE_TTL_MS + 3000, 'nodeB leading');
    const takeoverMs = Date.now() - killedAt;
    assert.ok(takeoverMs <= LEASE_TTL_MS + 1000, `take-over took ${takeoverMs} ms`);
    await established(b, p2);
    await established(b, p1); // B's own data plane now carries the old peer too
    const settledAt = Date.now();
    process.stderr.write(
      `multinode fail-over: nodeB leading ${takeoverMs} ms after SIGKILL of nodeA; new peer Established ${settledAt - killedAt} ms after\n`,
    );

    // 3. Each settle happened once per generation, by the node leading at the time.
    const all = await readTransitions(url);
    const done = settles(all);
    const perGeneration = new Map<string, Transition[]>();
    for (const t of done) perGeneration.set(`${t.id}@${t.generation}`, [...(perGeneration.get(`${t.id}@${t.generation}`) ?? []), t]);
    for (const [key, ts] of perGeneration) assert.equal(ts.length, 1, `${key} settled ${ts.length} times: ${JSON.stringify(ts)}`);
    assert.deepEqual(
      done.filter((t) => t.id === p1).map((t) => t.writer),
      ['nodeA'],
    );
    assert.deepEqual(
      done.filter((t) => t.id === p2).map((t) => t.writer),
      ['nodeB'],
    );
    assert.deepEqual(
      done.filter((t) => t.id === group).map((t) => t.writer),
      ['nodeA'],
    );
    const afterKill = reconcilerWrites(all.slice(before.length));
    assert.ok(afterKill.every((t) => t.writer === 'nodeB'));
    assert.ok(
      reconcilerWrites(all)
        .filter((t) => t.writer === 'nodeB')
        .every((t) => t.at >= killedAt),
      "nodeB wrote nothing of the reconciler's before nodeA died",
    );

    // 4. The nodes' own logs agree: A gained the lease once; B gained it once, after the kill.
    assert.deepEqual(
      leaseEvents(a, 'speaker:sim').map((l) => l.msg),
      ['lease acquired'],
    );
    const bSpeaker = leaseEvents(b, 'speaker:sim');
    assert.deepEqual(
      bSpeaker.map((l) => l.msg),
      ['lease acquired'],
    );
    assert.ok(bSpeaker[0].time >= killedAt);
    assert.deepEqual(
      leaseEvents(b, 'vbrd:timers').map((l) => l.msg),
      ['lease acquired'],
      'the timed transitions moved over too',
    );
  });
}
