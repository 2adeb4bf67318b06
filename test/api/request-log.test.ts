// The request log: one structured line per request, with its action, account, code,
// status and latency, for successes and refusals alike; and neither the AccessKey secret nor a BGP
// group's AuthKey in any line the server writes, whichever signature carried the request.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { $Vpc, errorCode, startHarness, type Harness } from '../support/harness.js';
import { availableGroup, insertVbr } from '../support/fixtures.js';

const AUTH_KEY = 'md5-Key-that-must-stay-secret';

let h: Harness;
const lines: Record<string, unknown>[] = [];
let text = '';

before(async () => {
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      text += chunk.toString();
      for (const line of chunk.toString().split('\n')) if (line) lines.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  h = await startHarness({ logger: pino({ level: 'info' }, sink) });
});
after(() => h.close());

const requestLines = () => lines.filter((l) => l.msg === 'request');

test('one line per request: action, account, code, status and latency, also for refusals', async () => {
  const before = requestLines().length;
  const vbrId = await insertVbr(h);
  const groupId = await availableGroup(h.vpc, vbrId, { authKey: AUTH_KEY });
  await h.vpcV1.describeBgpGroups(new $Vpc.DescribeBgpGroupsRequest({ regionId: 'cn-hangzhou', bgpGroupId: groupId }));
  await h.pop.request('DescribeBgpGroups', { RegionId: 'cn-hangzhou', BgpGroupId: groupId }, { method: 'POST' });
  const refused = await errorCode(
    h.vpc.createBgpPeer(
      new $Vpc.CreateBgpPeerRequest({ regionId: 'cn-hangzhou', bgpGroupId: 'bgpg-nosuchgroup', peerIpAddress: '192.0.2.2' }),
    ),
  );
  assert.equal(refused.code, 'InvalidBgpGroup');

  const mine = requestLines().slice(before);
  const create = mine.find((l) => l.action === 'CreateBgpGroup');
  assert.ok(create, 'CreateBgpGroup is logged');
  assert.equal(create.account, h.accountId);
  assert.equal(create.code, 'OK');
  assert.equal(create.status, 200);
  assert.equal(typeof create.ms, 'number');
  assert.match(String(create.requestId), /^[0-9A-F-]{36}$/);
  const failed = mine.find((l) => l.action === 'CreateBgpPeer');
  assert.deepEqual([failed?.code, failed?.status, failed?.account], ['InvalidBgpGroup', 400, h.accountId]);
  // The polls of availableGroup, then the two describes above: every request its own line.
  assert.ok(mine.filter((l) => l.action === 'DescribeBgpGroups').length >= 3);
  assert.equal(new Set(mine.map((l) => l.requestId)).size, mine.length, 'no request logged twice');
});

test('no line holds the AccessKey secret or a BGP AuthKey', () => {
  assert.ok(requestLines().length > 0);
  assert.ok(!text.includes(h.accessKeySecret), 'AccessKey secret in the log');
  assert.ok(!text.includes(AUTH_KEY), 'AuthKey in the log');
});
