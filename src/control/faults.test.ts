import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FaultRules } from './faults.js';

const root = { accountId: '1', type: 'Root' as const, accessKeyId: 'AK1' };
const none = new Map<string, string>();

test('a rule with a probability acts only on the draws below it, and counts only what it acted on', async () => {
  const draws = [0.9, 0.1, 0.6, 0.2];
  const rules = new FaultRules(() => draws.shift()!);
  rules.add({ action: 'Describe*', error: { code: 'Throttling' }, probability: 0.5, count: 2 });
  const outcomes = [];
  for (let i = 0; i < 4; i++) outcomes.push((await rules.pick('DescribeRegions', root, none))?.error?.code ?? 'none');
  assert.deepEqual(outcomes, ['none', 'Throttling', 'none', 'Throttling']);
  assert.equal(rules.size, 0, 'gone after its count');
});

test('with no rule the step costs a length check and answers undefined at once; catalogue codes get Alibaba status and message', async () => {
  const rules = new FaultRules();
  assert.equal(rules.pick('X', root, none), undefined);
  const r = rules.add({ error: { code: 'ServiceUnavailable' } });
  assert.deepEqual(r.error, {
    code: 'ServiceUnavailable',
    status: 503,
    message: 'The request has failed due to a temporary failure of the server.',
  });
  assert.equal(rules.add({ error: { code: 'Custom.Code' } }).error!.status, 400);
  assert.equal((await rules.pick('X', root, none))?.rule, r.id, 'the first rule added wins');
});

test('a rule with a time limit goes when it runs out', async () => {
  const rules = new FaultRules();
  rules.add({ drop: true, ttlSeconds: 0.05 });
  assert.equal((await rules.pick('X', root, none))?.drop, true);
  await new Promise((r) => setTimeout(r, 60));
  assert.equal(rules.pick('X', root, none), undefined);
  assert.deepEqual(rules.list(), []);
});
