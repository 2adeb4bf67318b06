// The RAM API through the official @alicloud/ram20150501 SDK: users, AccessKeys, policies and
// attachments, with RAM's error codes, and secrets that are shown once and kept sealed.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { errorCode, startHarness, type Harness } from '../support/harness.js';
import { $Ram, ramClient, type RamClient } from '../support/ram.js';
import type { RamAccessKeyData } from '../../src/auth/ram/model.js';

const OTHER = { accountId: '2000000000000002', accessKeys: [{ accessKeyId: 'LTAI5tOtherAccountKey01', accessKeySecret: 'other-secret' }] };

async function expectCode(p: Promise<unknown>, code: string, status: number) {
  const e = await errorCode(p);
  assert.equal(e.code, code, e.message);
  assert.equal(e.statusCode, status, e.message);
  return e;
}

const DOC = { Version: '1', Statement: [{ Effect: 'Allow', Action: 'vpc:Describe*', Resource: '*' }] };

describe('RAM API', () => {
  let h: Harness;
  let ram: RamClient;
  let other: RamClient;
  before(async () => {
    h = await startHarness({ seed: { accounts: [OTHER] } });
    ram = ramClient(h.endpoint, h.accessKeyId, h.accessKeySecret);
    other = ramClient(h.endpoint, OTHER.accessKeys[0].accessKeyId, OTHER.accessKeys[0].accessKeySecret);
  });
  after(() => h.close());

  test('users: create, get, list, update, delete, with RAM errors', async () => {
    const created = (await ram.createUser(new $Ram.CreateUserRequest({ userName: 'alice', displayName: 'Alice', comments: 'ops' }))).body!;
    assert.equal(created.user!.userName, 'alice');
    assert.equal(created.user!.displayName, 'Alice');
    assert.match(created.user!.createDate!, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    await expectCode(ram.createUser(new $Ram.CreateUserRequest({ userName: 'alice' })), 'EntityAlreadyExists.User', 409);
    await expectCode(ram.createUser(new $Ram.CreateUserRequest({ userName: 'bad name!' })), 'InvalidParameter.UserName.InvalidChars', 400);
    await expectCode(ram.createUser(new $Ram.CreateUserRequest({ userName: 'x'.repeat(65) })), 'InvalidParameter.UserName.Length', 400);

    const got = (await ram.getUser(new $Ram.GetUserRequest({ userName: 'alice' }))).body!.user!;
    assert.equal(got.userId, created.user!.userId);
    assert.equal(got.comments, 'ops');
    await expectCode(ram.getUser(new $Ram.GetUserRequest({ userName: 'nobody' })), 'EntityNotExist.User', 404);

    await ram.createUser(new $Ram.CreateUserRequest({ userName: 'bob' }));
    await ram.createUser(new $Ram.CreateUserRequest({ userName: 'carol' }));
    const page1 = (await ram.listUsers(new $Ram.ListUsersRequest({ maxItems: 2 }))).body!;
    assert.deepEqual(
      page1.users!.user!.map((u) => u.userName),
      ['alice', 'bob'],
    );
    assert.equal(page1.isTruncated, true);
    const page2 = (await ram.listUsers(new $Ram.ListUsersRequest({ maxItems: 2, marker: page1.marker }))).body!;
    assert.deepEqual(
      page2.users!.user!.map((u) => u.userName),
      ['carol'],
    );
    assert.equal(page2.isTruncated, false);

    const upd = (await ram.updateUser(new $Ram.UpdateUserRequest({ userName: 'carol', newUserName: 'carola', newDisplayName: 'C' }))).body!
      .user!;
    assert.equal(upd.userName, 'carola');
    assert.equal(upd.displayName, 'C');
    await expectCode(
      ram.updateUser(new $Ram.UpdateUserRequest({ userName: 'carola', newUserName: 'bob' })),
      'EntityAlreadyExists.User',
      409,
    );
    await ram.deleteUser(new $Ram.DeleteUserRequest({ userName: 'carola' }));
    await expectCode(ram.getUser(new $Ram.GetUserRequest({ userName: 'carola' })), 'EntityNotExist.User', 404);
    await expectCode(ram.deleteUser(new $Ram.DeleteUserRequest({ userName: 'carola' })), 'EntityNotExist.User', 404);
  });

  test('AccessKeys: the secret is returned once, stored sealed, two per user, Active/Inactive', async () => {
    await ram.createUser(new $Ram.CreateUserRequest({ userName: 'keyholder' }));
    const k = (await ram.createAccessKey(new $Ram.CreateAccessKeyRequest({ userName: 'keyholder' }))).body!.accessKey!;
    assert.match(k.accessKeyId!, /^LTAI[A-Za-z0-9]{20}$/);
    assert.equal(k.status, 'Active');
    assert.ok(k.accessKeySecret && k.accessKeySecret.length >= 30);

    const listed = (await ram.listAccessKeys(new $Ram.ListAccessKeysRequest({ userName: 'keyholder' }))).body!;
    assert.deepEqual(
      listed.accessKeys!.accessKey!.map((x) => [x.accessKeyId, x.status]),
      [[k.accessKeyId, 'Active']],
    );
    assert.ok(!JSON.stringify(listed).includes(k.accessKeySecret!), 'ListAccessKeys must not reveal the secret');

    // At rest: sealed (AES-256-GCM, not the plaintext), under a key file only its owner can read.
    const rec = await h.vbrd.store.get<RamAccessKeyData>('RamAccessKey', k.accessKeyId!);
    assert.ok(rec);
    assert.ok(!JSON.stringify(rec).includes(k.accessKeySecret!));
    assert.match(rec.data.SealedSecret, /^v1:/);
    assert.equal(statSync(join(h.config.dataDir, 'secret.key')).mode & 0o777, 0o600);

    await ram.createAccessKey(new $Ram.CreateAccessKeyRequest({ userName: 'keyholder' }));
    await expectCode(ram.createAccessKey(new $Ram.CreateAccessKeyRequest({ userName: 'keyholder' })), 'LimitExceeded.User.AccessKey', 409);

    await ram.updateAccessKey(
      new $Ram.UpdateAccessKeyRequest({ userName: 'keyholder', userAccessKeyId: k.accessKeyId, status: 'Inactive' }),
    );
    const after = (await ram.listAccessKeys(new $Ram.ListAccessKeysRequest({ userName: 'keyholder' }))).body!.accessKeys!.accessKey!;
    assert.equal(after.find((x) => x.accessKeyId === k.accessKeyId)!.status, 'Inactive');
    await expectCode(
      ram.updateAccessKey(new $Ram.UpdateAccessKeyRequest({ userName: 'keyholder', userAccessKeyId: k.accessKeyId, status: 'Sleeping' })),
      'InvalidParameter.Status',
      400,
    );
    await expectCode(
      ram.updateAccessKey(new $Ram.UpdateAccessKeyRequest({ userName: 'keyholder', userAccessKeyId: 'LTAI5tNoSuchKey', status: 'Active' })),
      'EntityNotExist.User.AccessKey',
      404,
    );

    await ram.deleteAccessKey(new $Ram.DeleteAccessKeyRequest({ userName: 'keyholder', userAccessKeyId: k.accessKeyId }));
    assert.equal(
      (await ram.listAccessKeys(new $Ram.ListAccessKeysRequest({ userName: 'keyholder' }))).body!.accessKeys!.accessKey!.length,
      1,
    );
    assert.equal(await h.vbrd.store.get('RamAccessKey', k.accessKeyId!), undefined);

    // The root account's own (configured) keys are listed without a UserName, never with a secret.
    const roots = (await ram.listAccessKeys(new $Ram.ListAccessKeysRequest({}))).body!.accessKeys!.accessKey!;
    assert.ok(roots.some((x) => x.accessKeyId === h.accessKeyId));
  });

  test('policies: create (rejecting malformed documents), get, list with system policies, versions, delete', async () => {
    const created = (
      await ram.createPolicy(
        new $Ram.CreatePolicyRequest({ policyName: 'vpc-read', policyDocument: JSON.stringify(DOC), description: 'read VPC' }),
      )
    ).body!.policy!;
    assert.deepEqual(
      [created.policyName, created.policyType, created.defaultVersion, created.description],
      ['vpc-read', 'Custom', 'v1', 'read VPC'],
    );
    await expectCode(
      ram.createPolicy(new $Ram.CreatePolicyRequest({ policyName: 'vpc-read', policyDocument: JSON.stringify(DOC) })),
      'EntityAlreadyExists.Policy',
      409,
    );
    const bad = await expectCode(
      ram.createPolicy(
        new $Ram.CreatePolicyRequest({
          policyName: 'broken',
          policyDocument: '{"Version":"1","Statement":[{"Effect":"Maybe","Action":"*","Resource":"*"}]}',
        }),
      ),
      'MalformedPolicyDocument',
      400,
    );
    assert.match(String(bad.data?.Message), /effect/i);
    await expectCode(
      ram.createPolicy(new $Ram.CreatePolicyRequest({ policyName: 'broken', policyDocument: 'not json' })),
      'MalformedPolicyDocument',
      400,
    );
    await expectCode(
      ram.createPolicy(
        new $Ram.CreatePolicyRequest({ policyName: 'long', policyDocument: JSON.stringify({ ...DOC, pad: 'x'.repeat(6200) }) }),
      ),
      'InvalidParameter.PolicyDocument.Length',
      400,
    );
    await expectCode(
      ram.createPolicy(new $Ram.CreatePolicyRequest({ policyName: 'under_score', policyDocument: JSON.stringify(DOC) })),
      'InvalidParameter.PolicyName.InvalidChars',
      400,
    );
    await expectCode(
      ram.getPolicy(new $Ram.GetPolicyRequest({ policyName: 'broken', policyType: 'Custom' })),
      'EntityNotExist.Policy',
      404,
    );

    const got = (await ram.getPolicy(new $Ram.GetPolicyRequest({ policyName: 'vpc-read', policyType: 'Custom' }))).body!;
    assert.deepEqual(JSON.parse(got.policy!.policyDocument!), DOC);
    assert.equal(got.defaultPolicyVersion!.versionId, 'v1');
    assert.equal(got.defaultPolicyVersion!.isDefaultVersion, true);
    const sys = (await ram.getPolicy(new $Ram.GetPolicyRequest({ policyName: 'AliyunVPCReadOnlyAccess', policyType: 'System' }))).body!;
    assert.equal(sys.policy!.policyType, 'System');
    assert.ok(JSON.parse(sys.policy!.policyDocument!).Statement.length > 0);
    await expectCode(
      ram.getPolicy(new $Ram.GetPolicyRequest({ policyName: 'vpc-read', policyType: 'Sometimes' })),
      'InvalidParameter.PolicyType',
      400,
    );

    const all = (await ram.listPolicies(new $Ram.ListPoliciesRequest({}))).body!.policies!.policy!.map(
      (p) => `${p.policyType}:${p.policyName}`,
    );
    for (const name of ['System:AdministratorAccess', 'System:AliyunVPCFullAccess', 'System:AliyunVPCReadOnlyAccess', 'Custom:vpc-read'])
      assert.ok(all.includes(name), name);
    const custom = (await ram.listPolicies(new $Ram.ListPoliciesRequest({ policyType: 'Custom' }))).body!.policies!.policy!;
    assert.deepEqual(
      custom.map((p) => p.policyName),
      ['vpc-read'],
    );

    const v2Doc = { Version: '1', Statement: [{ Effect: 'Allow', Action: 'vpc:DescribeBgp*', Resource: '*' }] };
    const v2 = (
      await ram.createPolicyVersion(
        new $Ram.CreatePolicyVersionRequest({ policyName: 'vpc-read', policyDocument: JSON.stringify(v2Doc), setAsDefault: true }),
      )
    ).body!.policyVersion!;
    assert.deepEqual([v2.versionId, v2.isDefaultVersion], ['v2', true]);
    assert.equal(
      (await ram.getPolicy(new $Ram.GetPolicyRequest({ policyName: 'vpc-read', policyType: 'Custom' }))).body!.defaultPolicyVersion!
        .versionId,
      'v2',
    );
    for (let i = 3; i <= 5; i++)
      await ram.createPolicyVersion(new $Ram.CreatePolicyVersionRequest({ policyName: 'vpc-read', policyDocument: JSON.stringify(DOC) }));
    await expectCode(
      ram.createPolicyVersion(new $Ram.CreatePolicyVersionRequest({ policyName: 'vpc-read', policyDocument: JSON.stringify(DOC) })),
      'LimitExceeded.Policy.Version',
      409,
    );
    const rotated = (
      await ram.createPolicyVersion(
        new $Ram.CreatePolicyVersionRequest({
          policyName: 'vpc-read',
          policyDocument: JSON.stringify(DOC),
          rotateStrategy: 'DeleteOldestNonDefaultVersionWhenLimitExceeded',
        }),
      )
    ).body!.policyVersion!;
    assert.equal(rotated.versionId, 'v6');
    await expectCode(
      ram.createPolicyVersion(new $Ram.CreatePolicyVersionRequest({ policyName: 'vpc-read', policyDocument: '{}' })),
      'MalformedPolicyDocument',
      400,
    );

    await ram.createUser(new $Ram.CreateUserRequest({ userName: 'reader' }));
    await ram.attachPolicyToUser(new $Ram.AttachPolicyToUserRequest({ policyType: 'Custom', policyName: 'vpc-read', userName: 'reader' }));
    await ram.attachPolicyToUser(
      new $Ram.AttachPolicyToUserRequest({ policyType: 'System', policyName: 'AliyunVPCReadOnlyAccess', userName: 'reader' }),
    );
    await expectCode(
      ram.attachPolicyToUser(new $Ram.AttachPolicyToUserRequest({ policyType: 'Custom', policyName: 'vpc-read', userName: 'reader' })),
      'EntityAlreadyExists.User.Policy',
      409,
    );
    await expectCode(
      ram.attachPolicyToUser(new $Ram.AttachPolicyToUserRequest({ policyType: 'Custom', policyName: 'nope', userName: 'reader' })),
      'EntityNotExist.Policy',
      404,
    );
    await expectCode(
      ram.attachPolicyToUser(new $Ram.AttachPolicyToUserRequest({ policyType: 'Custom', policyName: 'vpc-read', userName: 'nobody' })),
      'EntityNotExist.User',
      404,
    );
    const forUser = (await ram.listPoliciesForUser(new $Ram.ListPoliciesForUserRequest({ userName: 'reader' }))).body!.policies!.policy!;
    assert.deepEqual(
      forUser.map((p) => [p.policyType, p.policyName, p.defaultVersion]),
      [
        ['Custom', 'vpc-read', 'v2'],
        ['System', 'AliyunVPCReadOnlyAccess', 'v1'],
      ],
    );
    const counted = (await ram.getPolicy(new $Ram.GetPolicyRequest({ policyName: 'vpc-read', policyType: 'Custom' }))).body!.policy!;
    assert.equal(counted.attachmentCount, 1);

    await expectCode(ram.deletePolicy(new $Ram.DeletePolicyRequest({ policyName: 'vpc-read' })), 'DeleteConflict.Policy.User', 409);
    await expectCode(ram.deleteUser(new $Ram.DeleteUserRequest({ userName: 'reader' })), 'DeleteConflict.User.Policy', 409);
    await ram.detachPolicyFromUser(
      new $Ram.DetachPolicyFromUserRequest({ policyType: 'Custom', policyName: 'vpc-read', userName: 'reader' }),
    );
    await expectCode(
      ram.detachPolicyFromUser(new $Ram.DetachPolicyFromUserRequest({ policyType: 'Custom', policyName: 'vpc-read', userName: 'reader' })),
      'EntityNotExist.User.Policy',
      404,
    );
    await expectCode(ram.deletePolicy(new $Ram.DeletePolicyRequest({ policyName: 'vpc-read' })), 'DeleteConflict.Policy.Version', 409);
    await ram.deletePolicy(new $Ram.DeletePolicyRequest({ policyName: 'vpc-read', cascadingDelete: true }));
    await expectCode(
      ram.getPolicy(new $Ram.GetPolicyRequest({ policyName: 'vpc-read', policyType: 'Custom' })),
      'EntityNotExist.Policy',
      404,
    );
  });

  test('the V1 signature (signatureAlgorithm v2) works for RAM too', async () => {
    const v1 = ramClient(h.endpoint, h.accessKeyId, h.accessKeySecret, true);
    await v1.createUser(new $Ram.CreateUserRequest({ userName: 'v1-user' }));
    assert.equal((await v1.getUser(new $Ram.GetUserRequest({ userName: 'v1-user' }))).body!.user!.userName, 'v1-user');
  });

  test('accounts are apart: users, policies and keys of one account are invisible to another', async () => {
    await ram.createUser(new $Ram.CreateUserRequest({ userName: 'shared-name' }));
    await ram.createPolicy(new $Ram.CreatePolicyRequest({ policyName: 'mine', policyDocument: JSON.stringify(DOC) }));
    const key = (await ram.createAccessKey(new $Ram.CreateAccessKeyRequest({ userName: 'shared-name' }))).body!.accessKey!;
    await expectCode(other.getUser(new $Ram.GetUserRequest({ userName: 'shared-name' })), 'EntityNotExist.User', 404);
    await expectCode(
      other.getPolicy(new $Ram.GetPolicyRequest({ policyName: 'mine', policyType: 'Custom' })),
      'EntityNotExist.Policy',
      404,
    );
    await expectCode(
      other.deleteAccessKey(new $Ram.DeleteAccessKeyRequest({ userName: 'shared-name', userAccessKeyId: key.accessKeyId })),
      'EntityNotExist.User',
      404,
    );
    assert.deepEqual((await other.listUsers(new $Ram.ListUsersRequest({}))).body!.users!.user, []);
    assert.ok(!(await other.listPolicies(new $Ram.ListPoliciesRequest({}))).body!.policies!.policy!.some((p) => p.policyName === 'mine'));
    // The same names are free in the other account.
    await other.createUser(new $Ram.CreateUserRequest({ userName: 'shared-name' }));
    await other.createPolicy(new $Ram.CreatePolicyRequest({ policyName: 'mine', policyDocument: JSON.stringify(DOC) }));
    await expectCode(
      other.deleteAccessKey(new $Ram.DeleteAccessKeyRequest({ userName: 'shared-name', userAccessKeyId: key.accessKeyId })),
      'EntityNotExist.User.AccessKey',
      404,
    );
  });
});
