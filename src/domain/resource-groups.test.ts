import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadSeed } from '../config/seed.js';
import { defaultResourceGroupId, isResourceGroupOf, resourceGroupOf } from './resource-groups.js';

test('every account has a default group shaped like Alibaba’s, the same on every start; the seed may name it', () => {
  const seed = loadSeed(undefined);
  const a = defaultResourceGroupId(seed, '1000000000000001');
  assert.match(a, /^rg-acfm[a-z0-9]{11}$/);
  assert.equal(defaultResourceGroupId(loadSeed(undefined), '1000000000000001'), a);
  assert.notEqual(defaultResourceGroupId(seed, '2000000000000002'), a);
  seed.resourceGroups = [
    { resourceGroupId: 'rg-acfmteamdefault', accountId: '2000000000000002', default: true },
    { resourceGroupId: 'rg-acfmteamprod', accountId: '2000000000000002', name: 'prod' },
  ];
  assert.equal(defaultResourceGroupId(seed, '2000000000000002'), 'rg-acfmteamdefault');
  assert.equal(isResourceGroupOf(seed, '2000000000000002', 'rg-acfmteamprod'), true);
  assert.equal(isResourceGroupOf(seed, '2000000000000002', 'rg-acfmteamdefault'), true);
  // Another account's group, and an account's made-up default once the seed names another.
  assert.equal(isResourceGroupOf(seed, '1000000000000001', 'rg-acfmteamprod'), false);
  assert.equal(isResourceGroupOf(seed, '1000000000000001', a), true);
  assert.equal(isResourceGroupOf(seed, '2000000000000002', defaultResourceGroupId(loadSeed(undefined), '2000000000000002')), false);
  assert.equal(resourceGroupOf(seed, '2000000000000002', ''), 'rg-acfmteamdefault');
  assert.equal(resourceGroupOf(seed, '2000000000000002', 'rg-acfmteamprod'), 'rg-acfmteamprod');
});
