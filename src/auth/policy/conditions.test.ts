import { test } from 'node:test';
import assert from 'node:assert/strict';
import { clauseHolds, conditionsHold } from './conditions.js';
import { requestContext } from './context.js';
import type { ConditionClause, ConditionContext, ConditionOperator } from './types.js';

const clause = (operator: ConditionOperator, key: string, ...values: string[]): ConditionClause => ({
  operator,
  key,
  values,
});

// [operator, policy values, request value, expected]. Each operator has matching and non-matching rows,
// and multi-value rows check that listed values are ORed.
type Row = readonly [ConditionOperator, readonly string[], ConditionContext[string], boolean];
const K = 'svc:Key';

const rows: readonly Row[] = [
  // String
  ['StringEquals', ['dev'], 'dev', true],
  ['StringEquals', ['dev'], 'Dev', false],
  ['StringEquals', ['prod', 'dev'], 'dev', true],
  ['StringEquals', ['prod', 'test'], 'dev', false],
  ['StringEquals', ['dev*'], 'development', false], // no wildcards in StringEquals
  ['StringNotEquals', ['dev'], 'prod', true],
  ['StringNotEquals', ['dev'], 'dev', false],
  ['StringNotEquals', ['dev'], 'DEV', true],
  ['StringNotEquals', ['prod', 'dev'], 'dev', false], // equals one of them → not satisfied
  ['StringNotEquals', ['prod', 'test'], 'dev', true],
  ['StringEqualsIgnoreCase', ['Dev'], 'dEV', true],
  ['StringEqualsIgnoreCase', ['dev'], 'prod', false],
  ['StringEqualsIgnoreCase', ['a', 'B'], 'b', true],
  ['StringNotEqualsIgnoreCase', ['Dev'], 'dEV', false],
  ['StringNotEqualsIgnoreCase', ['dev'], 'prod', true],
  ['StringNotEqualsIgnoreCase', ['a', 'B'], 'b', false],
  ['StringLike', ['hangzhou/2015/*'], 'hangzhou/2015/x.jpg', true],
  ['StringLike', ['hangzhou/2015/*'], 'hangzhou/2016/x.jpg', false],
  ['StringLike', ['v?r-*'], 'vbr-123', true],
  ['StringLike', ['VBR-*'], 'vbr-123', false], // case-sensitive
  ['StringLike', ['x*', 'vbr-*'], 'vbr-1', true],
  ['StringNotLike', ['vbr-*'], 'pc-1', true],
  ['StringNotLike', ['vbr-*'], 'vbr-1', false],
  ['StringNotLike', ['pc-*', 'vbr-*'], 'vbr-1', false],
  // Numeric
  ['NumericEquals', ['10'], '10', true],
  ['NumericEquals', ['10'], '10.0', true],
  ['NumericEquals', ['10'], 10, true],
  ['NumericEquals', ['10'], '11', false],
  ['NumericEquals', ['1', '2'], '2', true],
  ['NumericEquals', ['10'], 'ten', false],
  ['NumericNotEquals', ['10'], '11', true],
  ['NumericNotEquals', ['10'], '10', false],
  ['NumericNotEquals', ['10', '11'], '11', false],
  ['NumericLessThan', ['10'], '9', true],
  ['NumericLessThan', ['10'], '10', false],
  ['NumericLessThan', ['10'], '-1e3', true],
  ['NumericLessThanEquals', ['10'], '10', true],
  ['NumericLessThanEquals', ['10'], '10.5', false],
  ['NumericGreaterThan', ['10'], '11', true],
  ['NumericGreaterThan', ['10'], '10', false],
  ['NumericGreaterThan', ['100', '10'], '50', true], // > any listed value
  ['NumericGreaterThanEquals', ['10'], '10', true],
  ['NumericGreaterThanEquals', ['10'], '9.99', false],
  // Date (request as Date, ISO text or epoch ms)
  ['DateEquals', ['2024-05-01T00:00:00Z'], new Date('2024-05-01T00:00:00Z'), true],
  ['DateEquals', ['2024-05-01T08:00:00+08:00'], '2024-05-01T00:00:00Z', true], // same instant, other zone
  ['DateEquals', ['2024-05-01'], '2024-05-01T00:00:00Z', true],
  ['DateEquals', ['2024-05-01T00:00:00Z'], '2024-05-01T00:00:01Z', false],
  ['DateNotEquals', ['2024-05-01T00:00:00Z'], '2024-05-01T00:00:01Z', true],
  ['DateNotEquals', ['2024-05-01T00:00:00Z'], Date.parse('2024-05-01T00:00:00Z'), false],
  ['DateLessThan', ['2030-01-01T00:00:00Z'], new Date('2029-12-31T23:59:59Z'), true],
  ['DateLessThan', ['2030-01-01T00:00:00Z'], new Date('2030-01-01T00:00:00Z'), false],
  ['DateLessThanEquals', ['2030-01-01T00:00:00Z'], new Date('2030-01-01T00:00:00Z'), true],
  ['DateLessThanEquals', ['2030-01-01T00:00:00Z'], new Date('2030-01-01T00:00:00.001Z'), false],
  ['DateGreaterThan', ['2020-01-01T00:00:00Z'], new Date('2020-01-01T00:00:01Z'), true],
  ['DateGreaterThan', ['2020-01-01T00:00:00Z'], new Date('2019-12-31T23:59:59Z'), false],
  ['DateGreaterThanEquals', ['2020-01-01T00:00:00Z'], new Date('2020-01-01T00:00:00Z'), true],
  ['DateGreaterThanEquals', ['2020-01-01T00:00:00Z'], new Date('2019-12-31T23:59:59Z'), false],
  ['DateGreaterThan', ['2020-01-01T00:00:00Z'], 'not a date', false],
  // Bool
  ['Bool', ['true'], true, true],
  ['Bool', ['true'], false, false],
  ['Bool', ['TRUE'], 'true', true],
  ['Bool', ['false'], false, true],
  ['Bool', ['false'], true, false],
  ['Bool', ['true'], 'yes', false],
  // IP
  ['IpAddress', ['10.0.0.0/8'], '10.1.2.3', true],
  ['IpAddress', ['10.0.0.0/8'], '11.1.2.3', false],
  ['IpAddress', ['192.168.1.1'], '192.168.1.1', true],
  ['IpAddress', ['192.168.1.1'], '192.168.1.2', false],
  ['IpAddress', ['10.0.0.0/8', '172.16.0.0/12'], '172.20.0.1', true],
  ['IpAddress', ['10.0.0.0/8', '172.16.0.0/12'], '192.168.0.1', false],
  ['IpAddress', ['2001:db8::/32'], '2001:db8:1::5', true],
  ['IpAddress', ['2001:db8::/32'], '2001:db9::5', false],
  ['IpAddress', ['10.0.0.0/8'], '::ffff:10.1.2.3', true], // IPv4-mapped IPv6 client
  ['IpAddress', ['::ffff:10.0.0.0/104'], '10.1.2.3', true],
  ['IpAddress', ['10.0.0.0/8'], '2001:db8::1', false], // family mismatch
  ['IpAddress', ['10.0.0.0/8'], 'not-an-ip', false],
  ['IpAddress', ['10.0.0.1/8'], '10.9.9.9', true], // host bits in the CIDR are ignored
  ['NotIpAddress', ['10.0.0.0/8'], '11.1.2.3', true],
  ['NotIpAddress', ['10.0.0.0/8'], '10.1.2.3', false],
  ['NotIpAddress', ['10.0.0.0/8', '11.0.0.0/8'], '11.1.2.3', false],
  ['NotIpAddress', ['2001:db8::/32'], '10.0.0.1', true],
];

test('each operator, matching and non-matching, values ORed', () => {
  for (const [op, values, request, expected] of rows) {
    const got = clauseHolds(clause(op, K, ...values), { [K]: request });
    assert.equal(got, expected, `${op} ${JSON.stringify(values)} vs ${String(request)}`);
  }
});

// Missing keys: positive operators fail, negated ones hold (the table in conditions.ts).
const missing: ReadonlyArray<[ConditionOperator, string, boolean]> = [
  ['StringEquals', 'x', false],
  ['StringEqualsIgnoreCase', 'x', false],
  ['StringLike', '*', false],
  ['NumericEquals', '1', false],
  ['NumericLessThan', '1', false],
  ['NumericLessThanEquals', '1', false],
  ['NumericGreaterThan', '1', false],
  ['NumericGreaterThanEquals', '1', false],
  ['DateEquals', '2020-01-01', false],
  ['DateLessThan', '2020-01-01', false],
  ['DateLessThanEquals', '2020-01-01', false],
  ['DateGreaterThan', '2020-01-01', false],
  ['DateGreaterThanEquals', '2020-01-01', false],
  ['Bool', 'false', false],
  ['IpAddress', '0.0.0.0/0', false],
  ['StringNotEquals', 'x', true],
  ['StringNotEqualsIgnoreCase', 'x', true],
  ['StringNotLike', '*', true],
  ['NumericNotEquals', '1', true],
  ['DateNotEquals', '2020-01-01', true],
  ['NotIpAddress', '0.0.0.0/0', true],
];

test('missing context key: positive operators do not hold, negated operators do', () => {
  for (const [op, value, expected] of missing) {
    assert.equal(clauseHolds(clause(op, 'svc:Absent', value), { 'svc:Other': value }), expected, `${op} absent`);
    assert.equal(clauseHolds(clause(op, 'svc:Absent', value), { 'svc:Absent': undefined }), expected, `${op} undefined`);
    assert.equal(clauseHolds(clause(op, 'svc:Absent', value), { 'svc:Absent': [] }), expected, `${op} empty list`);
  }
});

test('condition keys are looked up case-insensitively', () => {
  assert.equal(clauseHolds(clause('IpAddress', 'ACS:sourceip', '10.0.0.0/8'), { 'acs:SourceIp': '10.0.0.1' }), true);
  assert.equal(clauseHolds(clause('StringEquals', 'acs:SourceIp', '10.0.0.1'), { 'ACS:SOURCEIP': '10.0.0.1' }), true);
});

test('multi-valued request keys: positive holds if any request value matches; negated only if none does', () => {
  const ctx = { 'svc:Tags': ['a', 'b'] };
  assert.equal(clauseHolds(clause('StringEquals', 'svc:Tags', 'b'), ctx), true);
  assert.equal(clauseHolds(clause('StringEquals', 'svc:Tags', 'c'), ctx), false);
  assert.equal(clauseHolds(clause('StringNotEquals', 'svc:Tags', 'b'), ctx), false);
  assert.equal(clauseHolds(clause('StringNotEquals', 'svc:Tags', 'c'), ctx), true);
});

test('keys under one operator and operators of a block are ANDed; empty block holds', () => {
  const ctx = requestContext({
    currentTime: new Date('2025-06-01T00:00:00Z'),
    secureTransport: true,
    sourceIp: '10.1.2.3',
    mfaPresent: false,
  });
  const ip = clause('IpAddress', 'acs:SourceIp', '10.0.0.0/8');
  const https = clause('Bool', 'acs:SecureTransport', 'true');
  const mfa = clause('Bool', 'acs:MFAPresent', 'true');
  const before = clause('DateLessThan', 'acs:CurrentTime', '2026-01-01T00:00:00Z');
  assert.equal(conditionsHold([], ctx), true);
  assert.equal(conditionsHold([ip, https, before], ctx), true);
  assert.equal(conditionsHold([ip, https, mfa], ctx), false); // one failing key sinks the lot
  assert.equal(conditionsHold([clause('IpAddress', 'acs:SourceIp', '192.168.0.0/16'), https], ctx), false);
});

test('requestContext carries the four global keys with their types', () => {
  const now = new Date('2025-06-01T12:00:00Z');
  const ctx = requestContext({ currentTime: now, secureTransport: false, sourceIp: '2001:db8::1', mfaPresent: true });
  assert.deepEqual(ctx, {
    'acs:CurrentTime': now,
    'acs:SecureTransport': false,
    'acs:SourceIp': '2001:db8::1',
    'acs:MFAPresent': true,
  });
  assert.equal(clauseHolds(clause('Bool', 'acs:SecureTransport', 'false'), ctx), true);
  assert.equal(clauseHolds(clause('DateGreaterThan', 'acs:CurrentTime', '2025-06-01T11:59:59Z'), ctx), true);
});
