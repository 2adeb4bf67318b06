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

test('a missing, unreadable or wrong seed file is one clear SeedError naming the offending entry', () => {
  const cases: [string, RegExp][] = [
    [join(dir, 'absent.yaml'), /seed file .*absent\.yaml: not found/],
    [file('broken.json', '{"regions": ['), /seed file .*broken\.json: /],
    [file('empty.yaml', ''), /the top level: expected an object/],
    [file('scalar.yaml', 'quotas'), /the top level: must be of type object/],
    // A misspelt section used to be ignored without a word, so the setting silently did not apply.
    [
      file('quotaz.yaml', 'quotaz: { bgpPeersPerVbr: 3 }'),
      /\n {2}quotaz: unknown key \(known keys: \$schema, accounts, resourceGroups, regions, quotas, timings\)/,
    ],
    [file('timing.yaml', 'timing:\n  bgpApplyMs: 10'), /\n {2}timing: unknown key/],
    [file('quota.json', '{"quotas": {"peers": 3}}'), /quotas\.peers: unknown key \(quotas takes: bgpPeersPerVbr, /],
    [file('negative.json', '{"timings": {"bgpApplyMs": -1}}'), /timings\.bgpApplyMs: -1 must be >= 0/],
    [file('quota-type.yaml', 'quotas: { bgpPeersPerVbr: "8" }'), /quotas\.bgpPeersPerVbr: must be of type number, not "8"/],
    [
      file('account.json', '{"accounts": [{"accountId": "abc", "accessKeys": []}]}'),
      /accounts\[0\]\.accountId: "abc" must match pattern .*string of 1-20 digits/,
    ],
    [
      file('account-number.yaml', 'accounts: [{ accountId: 2000000000000002, accessKeys: [] }]'),
      /accounts\[0\]\.accountId: must be of type string/,
    ],
    [file('keys.yaml', 'accounts: [{ accountId: "2" }]'), /accounts\[0\]: accessKeys is required/],
    [
      file(
        'nested.yaml',
        'regions:\n  - regionId: r\n    accessPoints:\n      - accessPointId: ap\n        devices: [{ deviceId: d, bfdSessionLimt: 9 }]',
      ),
      /regions\[0\]\.accessPoints\[0\]\.devices\[0\]\.bfdSessionLimt: unknown key \(regions\[0\]\.accessPoints\[0\]\.devices\[0\] takes: deviceId, bfdSessionLimit, ports\)/,
    ],
    [
      file('status.yaml', 'regions: [{ regionId: r, accessPoints: [{ accessPointId: ap, status: busy }] }]'),
      /regions\[0\]\.accessPoints\[0\]\.status: "busy" is not one of recommended, hot, full, disabled/,
    ],
    [file('ipv6.yaml', 'regions: [{ regionId: r, ipv6: "yes" }]'), /regions\[0\]\.ipv6: must be of type boolean/],
    [file('no-regions.yaml', 'regions: []'), /regions: \[\] must NOT have fewer than 1 items/],
    [
      file('rg-id.json', '{"resourceGroups": [{"resourceGroupId": "RG-1", "accountId": "1"}]}'),
      /resourceGroups\[0\]\.resourceGroupId: "RG-1" must match pattern/,
    ],
    [file('rg-account.json', '{"resourceGroups": [{"resourceGroupId": "rg-acfm0001"}]}'), /resourceGroups\[0\]: accountId is required/],
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

test('every problem of a seed file is reported at once, one line each', () => {
  const path = file('many.yaml', 'quotaz: {}\ntiming: {}\nquotas: { bgpPeersPerVbr: x }');
  assert.throws(
    () => loadSeed(path),
    (e: Error) => {
      const lines = e.message.split('\n');
      assert.match(lines[0], /^seed file .*many\.yaml is not valid:$/);
      assert.deepEqual(
        lines
          .slice(1)
          .map((l) => l.trim().split(':')[0])
          .sort(),
        ['quotas.bgpPeersPerVbr', 'quotaz', 'timing'],
      );
      return true;
    },
  );
});

test('a JSON seed file may name its schema for editors', () => {
  const seed = loadSeed(file('with-schema.json', '{"$schema": "../schema/seed.schema.json", "quotas": {"bgpPeersPerVbr": 2}}'));
  assert.equal(seed.quotas.bgpPeersPerVbr, 2);
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
