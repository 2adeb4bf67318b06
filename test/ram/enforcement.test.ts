// RAM enforced end to end: users, keys and policies made with the RAM SDK, then the user's key calling
// VPC (and RAM) actions through the VPC SDK and getting through or Forbidden.RAM exactly as the
// policies say — per VBR ARN, per source IP, explicit Deny over Allow — plus inactive and deleted keys
// and the audit trail.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { $Vpc, errorCode, startHarness, waitFor, type Harness, type VpcClient } from '../support/harness.js';
import { $Ram, apiVbrs, FAST_TIMINGS, ramClient, userWithPolicies, type RamClient } from '../support/ram.js';
import { auditCommand } from '../../src/cli/audit-command.js';

const REGION = 'cn-hangzhou';

interface Denied {
  code: string;
  statusCode: number;
  detail: Record<string, string>;
}

async function denied(p: Promise<unknown>): Promise<Denied> {
  const e = await errorCode(p);
  assert.equal(e.code, 'Forbidden.RAM', e.message);
  assert.equal(e.statusCode, 403);
  const detail = e.data?.AccessDeniedDetail as Record<string, string> | undefined;
  assert.ok(detail, 'AccessDeniedDetail present');
  return { code: e.code, statusCode: e.statusCode, detail };
}

const createGroup = (vpc: VpcClient, routerId: string) =>
  vpc.createBgpGroup(new $Vpc.CreateBgpGroupRequest({ regionId: REGION, routerId, peerAsn: 65001 }));
const describeGroups = (vpc: VpcClient, routerId: string) =>
  vpc.describeBgpGroups(new $Vpc.DescribeBgpGroupsRequest({ regionId: REGION, routerId }));

async function available(vpc: VpcClient, groupId: string): Promise<void> {
  await waitFor(
    async () =>
      (await vpc.describeBgpGroups(new $Vpc.DescribeBgpGroupsRequest({ regionId: REGION, bgpGroupId: groupId }))).body!.bgpGroups!
        .bgpGroup![0]?.status === 'Available',
    5000,
    `group ${groupId} Available`,
  );
}

describe('RAM enforcement (enforce mode)', () => {
  let h: Harness;
  let admin: RamClient;
  let vbr1: string;
  let vbr2: string;
  const arn = (vbr: string) => `acs:vpc:${REGION}:${h.accountId}:virtualborderrouter/${vbr}`;

  before(async () => {
    h = await startHarness({ seed: { timings: FAST_TIMINGS } });
    admin = ramClient(h.endpoint, h.accessKeyId, h.accessKeySecret);
    [vbr1, vbr2] = (await apiVbrs(h.vpc, 2)).vbrIds;
  });
  after(() => h.close());

  test('a policy limited to one VBR ARN: BGP group actions on that VBR pass, on another VBR are denied', async () => {
    const alice = await userWithPolicies(h, admin, 'alice', [
      {
        Version: '1',
        Statement: [{ Effect: 'Allow', Action: ['vpc:*BgpGroup*'], Resource: arn(vbr1) }],
      },
    ]);
    const g1 = (await createGroup(alice.vpc, vbr1)).body!.bgpGroupId!;
    assert.match(g1, /^bgpg-/);
    assert.equal((await describeGroups(alice.vpc, vbr1)).body!.bgpGroups!.bgpGroup![0].bgpGroupId, g1);

    const d = await denied(createGroup(alice.vpc, vbr2));
    assert.deepEqual(d.detail.NoPermissionType, 'ImplicitDeny');
    assert.equal(d.detail.AuthAction, 'vpc:CreateBgpGroup');
    assert.equal(d.detail.AuthPrincipalType, 'SubUser');
    assert.equal(d.detail.AuthPrincipalDisplayName, 'alice');
    assert.equal(d.detail.AuthPrincipalOwnerId, h.accountId);
    assert.equal(d.detail.PolicyType, 'AccountLevelIdentityBasedPolicy');
    assert.ok(d.detail.EncodedDiagnosticMessage.length > 0);
    await denied(describeGroups(alice.vpc, vbr2));
    // Nothing was created on vbr2 by the denied call.
    assert.equal((await describeGroups(h.vpc, vbr2)).body!.bgpGroups!.bgpGroup!.length, 0);

    // Group actions that take only a BgpGroupId are authorized against the group's VBR.
    const g2 = (await createGroup(h.vpc, vbr2)).body!.bgpGroupId!;
    await available(h.vpc, g1);
    await available(h.vpc, g2);
    await alice.vpc.modifyBgpGroupAttribute(new $Vpc.ModifyBgpGroupAttributeRequest({ regionId: REGION, bgpGroupId: g1, name: 'mine' }));
    const m = await denied(
      alice.vpc.modifyBgpGroupAttribute(new $Vpc.ModifyBgpGroupAttributeRequest({ regionId: REGION, bgpGroupId: g2, name: 'theirs' })),
    );
    assert.equal(m.detail.AuthAction, 'vpc:ModifyBgpGroupAttribute');
    // Actions outside the policy are denied too.
    await denied(alice.vpc.describeVirtualBorderRouters(new $Vpc.DescribeVirtualBorderRoutersRequest({ regionId: REGION })));
  });

  test('an action naming several resources needs each allowed: tagging two VBRs with a policy on one is denied, and tags neither', async () => {
    const tag = (vpc: VpcClient, ids: string[]) =>
      vpc.tagResourcesForExpressConnect(
        new $Vpc.TagResourcesForExpressConnectRequest({
          regionId: REGION,
          resourceType: 'VIRTUALBORDERROUTER',
          resourceId: ids,
          tag: [new $Vpc.TagResourcesForExpressConnectRequestTag({ key: 'team', value: 'net' })],
        }),
      );
    const tagsOf = async (id: string) =>
      (
        await h.vpc.describeVirtualBorderRouters(
          new $Vpc.DescribeVirtualBorderRoutersRequest({
            regionId: REGION,
            filter: [new $Vpc.DescribeVirtualBorderRoutersRequestFilter({ key: 'VbrId', value: [id] })],
          }),
        )
      ).body!.virtualBorderRouterSet!.virtualBorderRouterType![0].tags!.tags!.length;
    const tagger = await userWithPolicies(h, admin, 'tagger', [
      { Version: '1', Statement: [{ Effect: 'Allow', Action: ['vpc:TagResourcesForExpressConnect'], Resource: arn(vbr1) }] },
    ]);
    const d = await denied(tag(tagger.vpc, [vbr1, vbr2]));
    assert.equal(d.detail.AuthAction, 'vpc:TagResourcesForExpressConnect');
    assert.deepEqual([await tagsOf(vbr1), await tagsOf(vbr2)], [0, 0]);
    await tag(tagger.vpc, [vbr1]);
    assert.equal(await tagsOf(vbr1), 1);
    // VBR HA actions are authorized on vbrha ARNs: a policy on VBRs does not grant them.
    const haDenied = await denied(tagger.vpc.describeVbrHa(new $Vpc.DescribeVbrHaRequest({ regionId: REGION, vbrHaId: 'vbrha-none' })));
    assert.equal(haDenied.detail.AuthAction, 'vpc:DescribeVbrHa');
  });

  test('explicit Deny wins over an Allow from a system policy', async () => {
    const dan = await userWithPolicies(
      h,
      admin,
      'dan',
      [
        {
          Version: '1',
          Statement: [{ Effect: 'Deny', Action: 'vpc:DeleteBgpGroup', Resource: '*' }],
        },
      ],
      ['AliyunVPCFullAccess'],
    );
    const g = (await createGroup(dan.vpc, vbr1)).body!.bgpGroupId!;
    await available(h.vpc, g);
    const d = await denied(dan.vpc.deleteBgpGroup(new $Vpc.DeleteBgpGroupRequest({ regionId: REGION, bgpGroupId: g })));
    assert.equal(d.detail.NoPermissionType, 'ExplicitDeny');
    // The system read-only policy allows reads and nothing else.
    const rita = await userWithPolicies(h, admin, 'rita', [], ['AliyunVPCReadOnlyAccess']);
    await describeGroups(rita.vpc, vbr1);
    await rita.vpc.describeVirtualBorderRouters(new $Vpc.DescribeVirtualBorderRoutersRequest({ regionId: REGION }));
    assert.equal((await denied(createGroup(rita.vpc, vbr1))).detail.NoPermissionType, 'ImplicitDeny');
  });

  test('a policy limited by source IP: 127.0.0.1 passes, another CIDR does not; SecureTransport is false over http', async () => {
    const describeOnlyFrom = (cidr: string) => ({
      Version: '1',
      Statement: [
        { Effect: 'Allow', Action: 'vpc:DescribeBgpGroups', Resource: '*', Condition: { IpAddress: { 'acs:SourceIp': [cidr] } } },
      ],
    });
    const local = await userWithPolicies(h, admin, 'from-local', [describeOnlyFrom('127.0.0.1/32')]);
    const office = await userWithPolicies(h, admin, 'from-office', [describeOnlyFrom('10.0.0.0/8')]);
    await describeGroups(local.vpc, vbr1);
    assert.equal((await denied(describeGroups(office.vpc, vbr1))).detail.NoPermissionType, 'ImplicitDeny');

    const fenced = await userWithPolicies(h, admin, 'fenced', [
      {
        Version: '1',
        Statement: [
          { Effect: 'Allow', Action: 'vpc:Describe*', Resource: '*' },
          { Effect: 'Deny', Action: 'vpc:*', Resource: '*', Condition: { NotIpAddress: { 'acs:SourceIp': '192.168.0.0/16' } } },
        ],
      },
    ]);
    assert.equal((await denied(describeGroups(fenced.vpc, vbr1))).detail.NoPermissionType, 'ExplicitDeny');

    const tls = await userWithPolicies(h, admin, 'tls-only', [
      {
        Version: '1',
        Statement: [
          { Effect: 'Allow', Action: 'vpc:DescribeBgpGroups', Resource: '*', Condition: { Bool: { 'acs:SecureTransport': 'true' } } },
        ],
      },
    ]);
    await denied(describeGroups(tls.vpc, vbr1));
  });

  test('an Inactive key is refused with InvalidAccessKeyId.Inactive, and works again when reactivated', async () => {
    const ivy = await userWithPolicies(h, admin, 'ivy', [], ['AliyunVPCReadOnlyAccess']);
    await describeGroups(ivy.vpc, vbr1);
    await admin.updateAccessKey(new $Ram.UpdateAccessKeyRequest({ userName: 'ivy', userAccessKeyId: ivy.accessKeyId, status: 'Inactive' }));
    const e = await errorCode(describeGroups(ivy.vpc, vbr1));
    assert.equal(e.code, 'InvalidAccessKeyId.Inactive');
    await admin.updateAccessKey(new $Ram.UpdateAccessKeyRequest({ userName: 'ivy', userAccessKeyId: ivy.accessKeyId, status: 'Active' }));
    await describeGroups(ivy.vpc, vbr1);
  });

  test("a deleted user's key stops working at once; a detached policy stops granting at once", async () => {
    const gone = await userWithPolicies(h, admin, 'gone', [], ['AliyunVPCReadOnlyAccess']);
    await describeGroups(gone.vpc, vbr1);
    await admin.detachPolicyFromUser(
      new $Ram.DetachPolicyFromUserRequest({ policyType: 'System', policyName: 'AliyunVPCReadOnlyAccess', userName: 'gone' }),
    );
    await denied(describeGroups(gone.vpc, vbr1));
    await admin.deleteUser(new $Ram.DeleteUserRequest({ userName: 'gone' }));
    const e = await errorCode(describeGroups(gone.vpc, vbr1));
    assert.equal(e.code, 'InvalidAccessKeyId.NotFound');
    // A new user of the same name does not revive the old key.
    await admin.createUser(new $Ram.CreateUserRequest({ userName: 'gone' }));
    assert.equal((await errorCode(describeGroups(gone.vpc, vbr1))).code, 'InvalidAccessKeyId.NotFound');
  });

  test('RAM actions are authorized too: ram:<Action> on the user and policy ARNs', async () => {
    const vpcOnly = await userWithPolicies(h, admin, 'vpc-only', [], ['AliyunVPCFullAccess']);
    const d = await denied(vpcOnly.ram.createUser(new $Ram.CreateUserRequest({ userName: 'sneaky' })));
    assert.equal(d.detail.AuthAction, 'ram:CreateUser');
    await denied(
      vpcOnly.ram.attachPolicyToUser(
        new $Ram.AttachPolicyToUserRequest({ policyType: 'System', policyName: 'AdministratorAccess', userName: 'vpc-only' }),
      ),
    );

    // Self-service: a user may manage their own keys only.
    const self = await userWithPolicies(h, admin, 'self', [
      {
        Version: '1',
        Statement: [
          { Effect: 'Allow', Action: ['ram:CreateAccessKey', 'ram:ListAccessKeys'], Resource: `acs:ram:*:${h.accountId}:user/self` },
        ],
      },
    ]);
    const own = (await self.ram.createAccessKey(new $Ram.CreateAccessKeyRequest({}))).body!.accessKey!;
    const listed = (await self.ram.listAccessKeys(new $Ram.ListAccessKeysRequest({}))).body!.accessKeys!.accessKey!;
    assert.ok(listed.some((k) => k.accessKeyId === own.accessKeyId));
    await denied(self.ram.createAccessKey(new $Ram.CreateAccessKeyRequest({ userName: 'vpc-only' })));

    const boss = await userWithPolicies(h, admin, 'boss', [], ['AdministratorAccess']);
    await boss.ram.createUser(new $Ram.CreateUserRequest({ userName: 'hired-by-boss' }));
    await createGroup(boss.vpc, vbr2);
  });

  test('the audit trail records mutating calls and denials, and vbrd audit lists them', async () => {
    const log = await h.vbrd.store.listAudit({ accountId: h.accountId, limit: 10_000 });
    const find = (pred: (e: (typeof log)[number]) => boolean) => log.find(pred);
    const allowed = find((e) => e.principal === 'user:alice' && e.action === 'vpc:CreateBgpGroup' && e.decision === 'Allow');
    assert.ok(allowed, "alice's CreateBgpGroup is audited as Allow");
    assert.equal(allowed.code, 'OK');
    assert.equal(allowed.resource, arn(vbr1));
    assert.equal(allowed.sourceIp, '127.0.0.1');
    const deny = find((e) => e.principal === 'user:alice' && e.action === 'vpc:CreateBgpGroup' && e.decision === 'ImplicitDeny');
    assert.ok(deny, 'the denied CreateBgpGroup is audited');
    assert.equal(deny.code, 'Forbidden.RAM');
    // Denied reads are audited too (reads that pass are not).
    assert.ok(find((e) => e.principal === 'user:alice' && e.action === 'vpc:DescribeBgpGroups' && e.decision === 'ImplicitDeny'));
    assert.ok(!find((e) => e.action === 'vpc:DescribeBgpGroups' && e.decision === 'Allow'));
    assert.ok(find((e) => e.principal === 'user:dan' && e.action === 'vpc:DeleteBgpGroup' && e.decision === 'ExplicitDeny'));
    assert.ok(find((e) => e.principal === `root:${h.accountId}` && e.action === 'ram:CreateUser' && e.decision === 'Root'));
    assert.ok(find((e) => e.principal === 'user:boss' && e.action === 'ram:CreateUser' && e.decision === 'Allow'));

    const lines: string[] = [];
    const listed = await auditCommand(
      ['--data', h.config.dataDir, '--account', h.accountId, '--principal', 'user:alice', '--decision', 'ImplicitDeny'],
      {},
      (l) => lines.push(l),
    );
    assert.ok(listed.length >= 2);
    assert.ok(listed.every((e) => e.principal === 'user:alice' && e.decision === 'ImplicitDeny'));
    assert.match(lines[0], /^TIME\tACCOUNT\tPRINCIPAL\tACTION\tDECISION/);
    assert.ok(lines.slice(1).some((l) => l.includes('vpc:CreateBgpGroup') && l.includes('Forbidden.RAM')));
    const json: string[] = [];
    const future = await auditCommand(
      ['--data', h.config.dataDir, '--since', new Date(Date.now() + 60_000).toISOString(), '--json'],
      {},
      (l) => json.push(l),
    );
    assert.deepEqual([future.length, json.length], [0, 0]);
    const limited = await auditCommand(['--data', h.config.dataDir, '--action', 'vpc:CreateBgpGroup', '--limit', '1', '--json'], {}, (l) =>
      json.push(l),
    );
    assert.equal(limited.length, 1);
    assert.equal(JSON.parse(json[0]).action, 'vpc:CreateBgpGroup');
  });
});
