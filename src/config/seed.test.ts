import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_QUOTAS, DEFAULT_REGIONS, DEFAULT_TIMINGS, loadSeed, SeedError } from './seed.js';

const dir = mkdtempSync(join(tmpdir(), 'vbrd-seed-'));
function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

test('without a seed file the built-in inventory, quotas and timings apply', () => {
  const seed = loadSeed(undefined);
  assert.equal(seed.regions, DEFAULT_REGIONS);
  assert.deepEqual(seed.quotas, DEFAULT_QUOTAS);
  assert.ok(seed.regions.some((r) => r.regionId === 'cn-hangzhou' && r.ipv6));
});

test('a YAML seed replaces regions, fills their defaults and merges quotas key by key', () => {
  const seed = loadSeed(
    file(
      'lab.yaml',
      [
        'regions:',
        '  - regionId: cn-lab',
        '    accessPoints:',
        '      - accessPointId: ap-lab',
        '        devices:',
        '          - deviceId: asw-lab',
        '            ports: [{ portNumber: "1/1/1", farSideNamespace: lab-cust }]',
        'quotas: { bgpPeersPerVbr: 3 }',
      ].join('\n'),
    ),
  );
  assert.deepEqual(
    seed.regions.map((r) => [r.regionId, r.ipv6, r.endpoint]),
    [['cn-lab', true, 'vpc.cn-lab.aliyuncs.com']],
  );
  const device = seed.regions[0].accessPoints[0].devices[0];
  assert.equal(device.bfdSessionLimit, 64);
  assert.equal(device.ports[0].farSideNamespace, 'lab-cust');
  assert.equal(seed.quotas.bgpPeersPerVbr, 3);
  assert.equal(seed.quotas.bgpGroupsPerVbr, DEFAULT_QUOTAS.bgpGroupsPerVbr);
});

test('a missing, unreadable or wrong seed file is one clear SeedError', () => {
  const cases: [string, RegExp][] = [
    [join(dir, 'absent.yaml'), /seed file .*absent\.yaml: not found/],
    [file('broken.json', '{"regions": ['), /seed file .*broken\.json: /],
    [file('quota.json', '{"quotas": {"peers": 3}}'), /unknown quotas key peers/],
    [file('negative.json', '{"timings": {"bgpApplyMs": -1}}'), /timings\.bgpApplyMs must be a non-negative number/],
    [file('account.json', '{"accounts": [{"accountId": "abc", "accessKeys": []}]}'), /account id abc must be a string of digits/],
    [file('rg-id.json', '{"resourceGroups": [{"resourceGroupId": "RG-1", "accountId": "1"}]}'), /resource group id RG-1 must be rg-/],
    [file('rg-account.json', '{"resourceGroups": [{"resourceGroupId": "rg-acfm0001"}]}'), /rg-acfm0001 needs the accountId/],
    [
      file(
        'rg-twice.json',
        '{"resourceGroups": [{"resourceGroupId": "rg-acfm0001", "accountId": "1"}, {"resourceGroupId": "rg-acfm0001", "accountId": "1"}]}',
      ),
      /rg-acfm0001 is listed twice/,
    ],
    [
      file(
        'rg-defaults.json',
        '{"resourceGroups": [{"resourceGroupId": "rg-acfm0001", "accountId": "1", "default": true}, {"resourceGroupId": "rg-acfm0002", "accountId": "1", "default": true}]}',
      ),
      /account 1 has more than one default resource group/,
    ],
  ];
  for (const [path, message] of cases)
    assert.throws(
      () => loadSeed(path),
      (e: Error) => e instanceof SeedError && message.test(e.message),
      path,
    );
});

test('the documented seed example (docs/configuration.md) loads, and the defaults it shows are the built-in ones', () => {
  const page = readFileSync(new URL('../../../docs/configuration.md', import.meta.url), 'utf8');
  const example = /## Seed file[\s\S]*?```yaml\n([\s\S]*?)```/.exec(page)?.[1];
  assert.ok(example, 'docs/configuration.md has a yaml block under "Seed file"');
  const seed = loadSeed(file('documented.yaml', example));
  assert.deepEqual(
    seed.accounts.map((a) => [a.accountId, a.accessKeys.length, a.physicalConnectionServiceOpen]),
    [['2000000000000002', 1, true]],
  );
  assert.equal(seed.regions[0].accessPoints[0].devices[0].ports[0].farSideNamespace, 'vbrdlab-c1');
  assert.deepEqual(
    seed.resourceGroups.map((g) => [g.resourceGroupId, g.accountId, g.default === true]),
    [
      ['rg-acfmteamb0default', '2000000000000002', true],
      ['rg-acfmteamb0prod', '2000000000000002', false],
    ],
  );
  assert.deepEqual(seed.quotas, DEFAULT_QUOTAS);
  assert.deepEqual(seed.timings, DEFAULT_TIMINGS);
});
