import { test } from 'node:test';
import assert from 'node:assert/strict';
import { vbrArn, vbrWildcardArn } from './arn.js';
import { requestContext } from './context.js';
import { evaluate } from './evaluate.js';
import { parsePolicyDocument } from './parse.js';
import { findSystemPolicy } from './system-policies.js';
import type { ConditionContext, NamedPolicy, PolicyType } from './types.js';

function policy(name: string, document: unknown, type: PolicyType = 'Custom'): NamedPolicy {
  const r = parsePolicyDocument(JSON.stringify(document));
  if (!r.ok) throw new Error(`${name}: ${r.message}`);
  return { name, type, document: r.policy };
}

const allow = (action: unknown, resource: unknown = '*', condition?: unknown): unknown => ({
  Version: '1',
  Statement: [{ Effect: 'Allow', Action: action, Resource: resource, ...(condition ? { Condition: condition } : {}) }],
});
const deny = (action: unknown, resource: unknown = '*', condition?: unknown): unknown => ({
  Version: '1',
  Statement: [{ Effect: 'Deny', Action: action, Resource: resource, ...(condition ? { Condition: condition } : {}) }],
});

const ACCOUNT = '1234567890123456';
const VBR = vbrArn('cn-hangzhou', ACCOUNT, 'vbr-aaa');
const OTHER_VBR = vbrArn('cn-hangzhou', ACCOUNT, 'vbr-bbb');
const ctx: ConditionContext = requestContext({
  currentTime: new Date('2025-06-01T00:00:00Z'),
  secureTransport: true,
  sourceIp: '10.1.2.3',
  mfaPresent: false,
});
const req = (action: string, resource = VBR, context = ctx) => ({ action, resource, context });

test('no policies, or none matching, is an implicit deny', () => {
  assert.deepEqual(evaluate([], req('vpc:CreateBgpPeer')), { decision: 'ImplicitDeny' });
  assert.deepEqual(evaluate([policy('p', allow('vpc:Describe*'))], req('vpc:CreateBgpPeer')), {
    decision: 'ImplicitDeny',
  });
});

test('an allow names the policy that granted it', () => {
  assert.deepEqual(evaluate([policy('bgp', allow('vpc:CreateBgpPeer'))], req('vpc:CreateBgpPeer')), {
    decision: 'Allow',
    policyName: 'bgp',
    policyType: 'Custom',
  });
});

test('explicit deny wins over allow, in whichever order policies and statements come', () => {
  const a = policy('allow-all', allow('*'));
  const d = policy('no-delete', deny('vpc:DeleteBgpPeer'));
  for (const set of [
    [a, d],
    [d, a],
  ]) {
    assert.deepEqual(evaluate(set, req('vpc:DeleteBgpPeer')), {
      decision: 'ExplicitDeny',
      policyName: 'no-delete',
      policyType: 'Custom',
    });
    assert.equal(evaluate(set, req('vpc:CreateBgpPeer')).decision, 'Allow');
  }
  // Deny after allow inside one document.
  const mixed = policy('mixed', {
    Version: '1',
    Statement: [
      { Effect: 'Allow', Action: 'vpc:*', Resource: '*' },
      { Effect: 'Deny', Action: 'vpc:DeleteBgpPeer', Resource: VBR },
    ],
  });
  assert.equal(evaluate([mixed], req('vpc:DeleteBgpPeer')).decision, 'ExplicitDeny');
  assert.equal(evaluate([mixed], req('vpc:DeleteBgpPeer', OTHER_VBR)).decision, 'Allow');
});

test('a deny that does not match (other action, resource or condition) does not deny', () => {
  const a = policy('a', allow('vpc:*'));
  assert.equal(evaluate([a, policy('d', deny('vpc:DeleteBgpGroup'))], req('vpc:DeleteBgpPeer')).decision, 'Allow');
  assert.equal(evaluate([a, policy('d', deny('vpc:*', OTHER_VBR))], req('vpc:DeleteBgpPeer')).decision, 'Allow');
  const offHours = deny('vpc:*', '*', { DateGreaterThan: { 'acs:CurrentTime': '2030-01-01T00:00:00Z' } });
  assert.equal(evaluate([a, policy('d', offHours)], req('vpc:DeleteBgpPeer')).decision, 'Allow');
});

// [policy Action, request action, expected]
const actionRows: ReadonlyArray<[unknown, string, boolean]> = [
  ['*', 'vpc:CreateBgpPeer', true],
  ['vpc:*', 'vpc:CreateBgpPeer', true],
  ['vpc:*', 'ram:CreateUser', false],
  ['vpc:CreateBgpPeer', 'vpc:createbgppeer', true], // case-insensitive actions
  ['VPC:CREATEBGPPEER', 'vpc:CreateBgpPeer', true],
  ['vpc:Create*', 'vpc:CreateBgpPeer', true],
  ['vpc:Create*', 'vpc:DeleteBgpPeer', false],
  ['vpc:*BgpPeer*', 'vpc:DescribeBgpPeers', true],
  ['vpc:?reateBgpPeer', 'vpc:CreateBgpPeer', true],
  ['vpc:?CreateBgpPeer', 'vpc:CreateBgpPeer', false],
  [['vpc:DescribeBgpPeers', 'vpc:CreateBgpPeer'], 'vpc:CreateBgpPeer', true],
  [['vpc:DescribeBgpPeers', 'vpc:DeleteBgpPeer'], 'vpc:CreateBgpPeer', false],
];

test('Action matching: wildcards, lists, case-insensitive', () => {
  for (const [action, requested, expected] of actionRows) {
    const got = evaluate([policy('p', allow(action))], req(requested)).decision;
    assert.equal(got, expected ? 'Allow' : 'ImplicitDeny', `${JSON.stringify(action)} vs ${requested}`);
  }
});

// [policy Resource, request resource, expected]
const resourceRows: ReadonlyArray<[unknown, string, boolean]> = [
  ['*', VBR, true],
  [VBR, VBR, true],
  [VBR, OTHER_VBR, false],
  [`acs:vpc:*:${ACCOUNT}:virtualborderrouter/*`, VBR, true],
  ['acs:vpc:cn-beijing:*:virtualborderrouter/*', VBR, false],
  ['acs:vpc:*:*:physicalconnection/*', VBR, false],
  ['acs:vpc:cn-hangzhou:*:virtualborderrouter/vbr-aa?', VBR, true],
  ['acs:vpc:cn-hangzhou:*:virtualborderrouter/vbr-aa?', vbrArn('cn-hangzhou', ACCOUNT, 'vbr-aaaa'), false],
  [VBR.replace('vbr-aaa', 'VBR-AAA'), VBR, false], // ARNs are case-sensitive
  [[OTHER_VBR, VBR], VBR, true],
  [[OTHER_VBR, 'acs:vpc:*:*:physicalconnection/*'], VBR, false],
  ['acs:vpc:*:*:*', vbrWildcardArn('cn-hangzhou', ACCOUNT), true],
];

test('Resource matching: wildcards, lists, case-sensitive', () => {
  for (const [resource, requested, expected] of resourceRows) {
    const got = evaluate([policy('p', allow('vpc:CreateBgpPeer', resource))], req('vpc:CreateBgpPeer', requested)).decision;
    assert.equal(got, expected ? 'Allow' : 'ImplicitDeny', `${JSON.stringify(resource)} vs ${requested}`);
  }
});

test('NotAction and NotResource exclude what they list', () => {
  const allButRam = policy('p', { Version: '1', Statement: [{ Effect: 'Allow', NotAction: 'ram:*', Resource: '*' }] });
  assert.equal(evaluate([allButRam], req('vpc:CreateBgpPeer')).decision, 'Allow');
  assert.equal(evaluate([allButRam], req('ram:CreateUser', 'acs:ram:*:1:user/*')).decision, 'ImplicitDeny');
  const notThatVbr = policy('q', {
    Version: '1',
    Statement: [{ Effect: 'Deny', Action: 'vpc:*', NotResource: VBR }],
  });
  const everything = policy('all', allow('*'));
  assert.equal(evaluate([everything, notThatVbr], req('vpc:CreateBgpPeer', VBR)).decision, 'Allow');
  assert.equal(evaluate([everything, notThatVbr], req('vpc:CreateBgpPeer', OTHER_VBR)).decision, 'ExplicitDeny');
});

test('conditions gate a statement: source-IP-limited allow', () => {
  const p = policy('office', allow('vpc:*', '*', { IpAddress: { 'acs:SourceIp': ['10.0.0.0/8', '192.168.0.0/16'] } }));
  assert.equal(evaluate([p], req('vpc:CreateBgpPeer')).decision, 'Allow');
  const fromOutside = requestContext({ currentTime: new Date(), secureTransport: true, sourceIp: '8.8.8.8', mfaPresent: false });
  assert.equal(evaluate([p], req('vpc:CreateBgpPeer', VBR, fromOutside)).decision, 'ImplicitDeny');
});

test('missing context keys: a negated deny applies, a positive allow does not', () => {
  const noContext: ConditionContext = {};
  const denyOutside = policy('d', deny('*', '*', { NotIpAddress: { 'acs:SourceIp': '10.0.0.0/8' } }));
  const all = policy('a', allow('*'));
  assert.equal(evaluate([all, denyOutside], req('vpc:CreateBgpPeer', VBR, noContext)).decision, 'ExplicitDeny');
  const httpsOnly = policy('h', allow('*', '*', { Bool: { 'acs:SecureTransport': 'true' } }));
  assert.equal(evaluate([httpsOnly], req('vpc:CreateBgpPeer', VBR, noContext)).decision, 'ImplicitDeny');
});

test("RAM's worked example: Describe anywhere, BGP changes on Hangzhou VBRs from 10/8 over HTTPS, never DeleteVirtualBorderRouter", () => {
  const p = policy('express-connect-ops', {
    Version: '1',
    Statement: [
      { Effect: 'Allow', Action: ['vpc:Describe*'], Resource: '*' },
      {
        Effect: 'Allow',
        Action: ['vpc:CreateBgp*', 'vpc:ModifyBgp*', 'vpc:DeleteBgp*', 'vpc:AddBgpNetwork', 'vpc:DeleteBgpNetwork'],
        Resource: 'acs:vpc:cn-hangzhou:*:virtualborderrouter/*',
        Condition: { IpAddress: { 'acs:SourceIp': ['10.0.0.0/8'] }, Bool: { 'acs:SecureTransport': 'true' } },
      },
      { Effect: 'Deny', Action: 'vpc:DeleteVirtualBorderRouter', Resource: '*' },
    ],
  });
  const plainHttp = requestContext({ currentTime: new Date(), secureTransport: false, sourceIp: '10.1.2.3', mfaPresent: false });
  const beijing = vbrArn('cn-beijing', ACCOUNT, 'vbr-x');
  const cases: ReadonlyArray<[string, string, ConditionContext, string]> = [
    ['vpc:DescribeBgpPeers', beijing, plainHttp, 'Allow'],
    ['vpc:CreateBgpPeer', VBR, ctx, 'Allow'],
    ['vpc:CreateBgpPeer', VBR, plainHttp, 'ImplicitDeny'],
    ['vpc:CreateBgpPeer', beijing, ctx, 'ImplicitDeny'],
    ['vpc:AddBgpNetwork', VBR, ctx, 'Allow'],
    ['vpc:CreateVirtualBorderRouter', VBR, ctx, 'ImplicitDeny'],
    ['vpc:DeleteVirtualBorderRouter', VBR, ctx, 'ExplicitDeny'],
  ];
  for (const [action, resource, context, expected] of cases) {
    assert.equal(evaluate([p], { action, resource, context }).decision, expected, `${action} on ${resource}`);
  }
});

test('system policies evaluate as documented and report type System', () => {
  const admin = findSystemPolicy('AdministratorAccess')!;
  const full = findSystemPolicy('AliyunVPCFullAccess')!;
  const ro = findSystemPolicy('AliyunVPCReadOnlyAccess')!;
  assert.deepEqual(evaluate([admin], req('ram:CreateUser', 'acs:ram:*:1:user/*')), {
    decision: 'Allow',
    policyName: 'AdministratorAccess',
    policyType: 'System',
  });
  assert.equal(evaluate([full], req('vpc:DeleteVirtualBorderRouter')).decision, 'Allow');
  assert.equal(evaluate([full], req('ram:CreateUser', 'acs:ram:*:1:user/*')).decision, 'ImplicitDeny');
  assert.equal(evaluate([ro], req('vpc:DescribeBgpPeers')).decision, 'Allow');
  assert.equal(evaluate([ro], req('vpc:CreateBgpPeer')).decision, 'ImplicitDeny');
  const custom = policy('no-delete', deny('vpc:Delete*'));
  assert.equal(evaluate([admin, custom], req('vpc:DeleteBgpPeer')).decision, 'ExplicitDeny');
});
