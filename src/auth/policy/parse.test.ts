import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parsePolicyDocument } from './parse.js';

const stmt = (extra: Record<string, unknown> = {}): Record<string, unknown> => ({
  Effect: 'Allow',
  Action: 'vpc:DescribeBgpPeers',
  Resource: '*',
  ...extra,
});
const doc = (...statements: unknown[]): string => JSON.stringify({ Version: '1', Statement: statements });

function without(obj: Record<string, unknown>, key: string): Record<string, unknown> {
  const copy = { ...obj };
  delete copy[key];
  return copy;
}

test('accepts the documented shapes and normalizes string|list to lists', () => {
  const r = parsePolicyDocument(
    doc(stmt({ Action: ['vpc:Describe*', 'vpc:CreateBgpPeer'], Resource: ['acs:vpc:*:*:virtualborderrouter/*'] }), {
      Effect: 'Deny',
      NotAction: 'vpc:Describe*',
      NotResource: 'acs:vpc:cn-hangzhou:*:*',
      Condition: {
        IpAddress: { 'acs:SourceIp': ['10.0.0.0/8', '192.168.1.1', '2001:db8::/32'] },
        Bool: { 'acs:SecureTransport': 'true' },
        DateLessThan: { 'acs:CurrentTime': '2030-01-01T00:00:00Z' },
        NumericLessThanEquals: { 'vpc:Count': 5 },
      },
    }),
  );
  assert.ok(r.ok, r.ok ? '' : r.message);
  const [a, b] = r.policy.statements;
  assert.deepEqual(a!.actions, { negated: false, patterns: ['vpc:Describe*', 'vpc:CreateBgpPeer'] });
  assert.deepEqual(a!.resources, { negated: false, patterns: ['acs:vpc:*:*:virtualborderrouter/*'] });
  assert.deepEqual(a!.conditions, []);
  assert.equal(b!.effect, 'Deny');
  assert.deepEqual(b!.actions, { negated: true, patterns: ['vpc:Describe*'] });
  assert.deepEqual(b!.resources, { negated: true, patterns: ['acs:vpc:cn-hangzhou:*:*'] });
  assert.deepEqual(b!.conditions, [
    { operator: 'IpAddress', key: 'acs:SourceIp', values: ['10.0.0.0/8', '192.168.1.1', '2001:db8::/32'] },
    { operator: 'Bool', key: 'acs:SecureTransport', values: ['true'] },
    { operator: 'DateLessThan', key: 'acs:CurrentTime', values: ['2030-01-01T00:00:00Z'] },
    { operator: 'NumericLessThanEquals', key: 'vpc:Count', values: ['5'] },
  ]);
});

test('accepts "*" for Action and Resource, and a document of exactly 6144 characters', () => {
  assert.ok(parsePolicyDocument(doc(stmt({ Action: '*', Resource: '*' }))).ok);
  const base = doc(stmt());
  const padded = base.replace('"Version"', `${' '.repeat(6144 - base.length)}"Version"`);
  assert.equal(padded.length, 6144);
  assert.ok(parsePolicyDocument(padded).ok);
});

test('over 6144 characters is InvalidParameter.PolicyDocument.Length', () => {
  const base = doc(stmt());
  const long = base.replace('"Version"', `${' '.repeat(6145 - base.length)}"Version"`);
  const r = parsePolicyDocument(long);
  assert.equal(r.ok, false);
  assert.ok(!r.ok);
  assert.equal(r.code, 'InvalidParameter.PolicyDocument.Length');
  assert.match(r.message, /6144/);
});

test('length counts characters, not UTF-16 units', () => {
  // 3100 astral characters = 6200 UTF-16 units but only 3100 characters: within the limit.
  const text = doc(stmt({ Resource: `acs:vpc:*:*:${'😀'.repeat(3100)}` }));
  assert.ok(text.length > 6144 && Array.from(text).length <= 6144);
  assert.ok(parsePolicyDocument(text).ok);
});

// Every rejection reason, each as [what, document text, message fragment]. All are MalformedPolicyDocument.
const rejections: ReadonlyArray<[string, string, RegExp]> = [
  ['empty text', '   ', /empty/],
  ['not JSON', '{"Version": "1",', /not valid JSON/],
  ['top level is a list', '[]', /JSON object/],
  ['unknown top-level element', JSON.stringify({ Version: '1', Statement: [stmt()], Id: 'x' }), /Invalid policy element.*"Id"/],
  ['no Version', JSON.stringify({ Statement: [stmt()] }), /no Version/],
  ['Version not "1"', JSON.stringify({ Version: '2012-10-17', Statement: [stmt()] }), /Version must be "1"/],
  ['Version as a number', JSON.stringify({ Version: 1, Statement: [stmt()] }), /Version must be "1"/],
  ['no Statement', JSON.stringify({ Version: '1' }), /Statement/],
  ['Statement is an object', JSON.stringify({ Version: '1', Statement: stmt() }), /Statement must be a list/],
  ['Statement is empty', doc(), /Statement cannot be empty/],
  ['statement is not an object', doc('Allow'), /Statement\[0\] must be an object/],
  ['unknown statement element', doc(stmt({ Sid: 'x' })), /Invalid policy element.*"Sid"/],
  ['Principal in an identity policy', doc(stmt({ Principal: { RAM: ['*'] } })), /"Principal"/],
  ['lower-case element name', doc({ effect: 'Allow', Action: '*', Resource: '*' }), /Invalid policy element.*"effect"/],
  ['no Effect', doc(without(stmt(), 'Effect')), /Invalid effect.*no Effect/],
  ['Effect of wrong case', doc(stmt({ Effect: 'allow' })), /Invalid effect/],
  ['Effect unknown', doc(stmt({ Effect: 'Permit' })), /Invalid effect/],
  ['no Action or NotAction', doc(without(stmt(), 'Action')), /Add an Action or NotAction element/],
  ['both Action and NotAction', doc(stmt({ NotAction: 'vpc:*' })), /Action or NotAction, not both/],
  ['empty Action list', doc(stmt({ Action: [] })), /Action cannot be empty/],
  ['empty Action string', doc(stmt({ Action: '' })), /Action\[0\] cannot be empty/],
  ['Action not a string', doc(stmt({ Action: 5 })), /Data type mismatch.*Action/],
  ['Action item not a string', doc(stmt({ Action: ['vpc:A', null] })), /Action\[1\] must be a string/],
  ['Action without service', doc(stmt({ Action: 'CreateBgpPeer' })), /Invalid action format/],
  ['Action with empty name', doc(stmt({ Action: 'vpc:' })), /Invalid action format/],
  ['Action with spaces', doc(stmt({ Action: 'vpc:Create BgpPeer' })), /Invalid action format/],
  ['no Resource or NotResource', doc(without(stmt(), 'Resource')), /Add a Resource or NotResource element/],
  ['both Resource and NotResource', doc(stmt({ NotResource: '*' })), /Resource or NotResource, not both/],
  ['empty Resource list', doc(stmt({ Resource: [] })), /Resource cannot be empty/],
  ['Resource without acs: prefix', doc(stmt({ Resource: 'arn:aws:s3:::bucket' })), /Invalid ARN prefix/],
  ['Resource item not a string', doc(stmt({ Resource: [{}] })), /Resource\[0\] must be a string/],
  ['Condition not an object', doc(stmt({ Condition: [] })), /Condition must be an object/],
  ['unknown operator', doc(stmt({ Condition: { StringMatches: { 'acs:SourceIp': 'x' } } })), /Invalid condition operator.*StringMatches/],
  ['IfExists is not documented', doc(stmt({ Condition: { StringEqualsIfExists: { 'a:b': 'x' } } })), /Invalid condition operator/],
  ['operator name of wrong case', doc(stmt({ Condition: { stringequals: { 'a:b': 'x' } } })), /Invalid condition operator/],
  ['operator body not an object', doc(stmt({ Condition: { StringEquals: 'x' } })), /StringEquals must be an object/],
  ['condition key without service', doc(stmt({ Condition: { StringEquals: { SourceIp: 'x' } } })), /Invalid condition key format/],
  ['empty condition value list', doc(stmt({ Condition: { StringEquals: { 'a:b': [] } } })), /values cannot be empty/],
  ['condition value is an object', doc(stmt({ Condition: { StringEquals: { 'a:b': [{}] } } })), /Data type mismatch/],
  ['condition value is null', doc(stmt({ Condition: { StringEquals: { 'a:b': null } } })), /Data type mismatch/],
  ['two Bool values', doc(stmt({ Condition: { Bool: { 'acs:SecureTransport': ['true', 'false'] } } })), /Multiple Boolean values/],
  ['Bool value not a boolean', doc(stmt({ Condition: { Bool: { 'acs:SecureTransport': 'yes' } } })), /not valid for Bool/],
  ['Numeric value not a number', doc(stmt({ Condition: { NumericEquals: { 'a:n': 'ten' } } })), /not valid for NumericEquals/],
  ['Numeric value empty', doc(stmt({ Condition: { NumericLessThan: { 'a:n': '' } } })), /not valid for NumericLessThan/],
  ['Date value not ISO 8601', doc(stmt({ Condition: { DateLessThan: { 'acs:CurrentTime': 'tomorrow' } } })), /not valid for DateLessThan/],
  ['Date value impossible day', doc(stmt({ Condition: { DateEquals: { 'acs:CurrentTime': '2021-02-30' } } })), /not valid for DateEquals/],
  ['IP value not an address', doc(stmt({ Condition: { IpAddress: { 'acs:SourceIp': 'example.com' } } })), /not valid for IpAddress/],
  ['IP value legacy short form', doc(stmt({ Condition: { IpAddress: { 'acs:SourceIp': '10.1' } } })), /not valid for IpAddress/],
  ['CIDR prefix too long', doc(stmt({ Condition: { NotIpAddress: { 'acs:SourceIp': '10.0.0.0/33' } } })), /not valid for NotIpAddress/],
  ['IPv6 CIDR prefix too long', doc(stmt({ Condition: { IpAddress: { 'acs:SourceIp': '2001:db8::/129' } } })), /not valid for IpAddress/],
];

test('every rejection reason yields MalformedPolicyDocument with a message that says why', () => {
  for (const [what, text, message] of rejections) {
    const r = parsePolicyDocument(text);
    assert.equal(r.ok, false, `${what}: should be rejected`);
    assert.ok(!r.ok);
    assert.equal(r.code, 'MalformedPolicyDocument', what);
    assert.match(r.message, message, what);
  }
});

test('the error names the offending statement', () => {
  const r = parsePolicyDocument(doc(stmt(), stmt({ Effect: 'Maybe' })));
  assert.ok(!r.ok);
  assert.match(r.message, /Statement\[1\]\.Effect/);
});

test('condition values written as JSON numbers or booleans are read as text', () => {
  const r = parsePolicyDocument(doc(stmt({ Condition: { Bool: { 'acs:SecureTransport': true }, NumericEquals: { 'a:n': [1, 2.5] } } })));
  assert.ok(r.ok);
  assert.deepEqual(
    r.policy.statements[0]!.conditions.map((c) => c.values),
    [['true'], ['1', '2.5']],
  );
});

test('ISO 8601 variants accepted for Date operators', () => {
  for (const v of [
    '2019-08-12',
    '2019-08-12T11:00:00Z',
    '2019-08-12T11:00Z',
    '2019-08-12T19:00:00+08:00',
    '2019-08-12T19:00:00.123+0800',
  ]) {
    const r = parsePolicyDocument(doc(stmt({ Condition: { DateGreaterThan: { 'acs:CurrentTime': v } } })));
    assert.ok(r.ok, `${v} should be accepted`);
  }
});
