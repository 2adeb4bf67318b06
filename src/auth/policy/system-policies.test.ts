import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parsePolicyDocument } from './parse.js';
import { SYSTEM_POLICIES, findSystemPolicy } from './system-policies.js';

test('the three system policies are present, typed System, and their text parses to their document', () => {
  assert.deepEqual(
    SYSTEM_POLICIES.map((p) => p.name),
    ['AdministratorAccess', 'AliyunVPCFullAccess', 'AliyunVPCReadOnlyAccess'],
  );
  for (const p of SYSTEM_POLICIES) {
    assert.equal(p.type, 'System');
    assert.equal(p.defaultVersion, 'v1');
    assert.ok(p.description.length > 0);
    const reparsed = parsePolicyDocument(p.documentText);
    assert.ok(reparsed.ok);
    assert.deepEqual(reparsed.policy, p.document);
  }
});

test('statements are the documented ones', () => {
  const actions = (name: string): readonly string[] =>
    findSystemPolicy(name)!.document.statements.flatMap((s) => (s.effect === 'Allow' ? s.actions.patterns : []));
  assert.deepEqual(actions('AdministratorAccess'), ['*']);
  assert.deepEqual(actions('AliyunVPCFullAccess'), ['vpc:*']);
  assert.deepEqual(actions('AliyunVPCReadOnlyAccess'), ['vpc:Describe*', 'vpc:Get*', 'vpc:List*']);
});

test('lookup is by exact name', () => {
  assert.equal(findSystemPolicy('AliyunVPCFullAccess')?.name, 'AliyunVPCFullAccess');
  assert.equal(findSystemPolicy('aliyunvpcfullaccess'), undefined);
  assert.equal(findSystemPolicy('AliyunECSFullAccess'), undefined);
});
