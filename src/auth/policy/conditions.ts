// Condition operators: which policy values each accepts, and how a clause is decided against a request.
//
// Combination rules (RAM "Policy elements"): a key is satisfied when the request value matches ANY of the
// listed values; all keys under one operator must be satisfied; all operators of a Condition block must be.
// The parser flattens operator → key → values into clauses, so a statement's clauses are simply ANDed.
//
// Negated operators are the complement of their positive twin over the whole value list:
// `StringNotEquals: {k: [a, b]}` holds when the request value equals neither a nor b.
//
// Missing context keys (key absent from the request, or given as an empty list). RAM does not document this;
// vbrd follows AWS IAM's documented rule, which RAM's language mirrors, and which is the complement rule above
// applied to "no value matched":
//
//   | operator                                                   | key missing → clause is |
//   |------------------------------------------------------------|-------------------------|
//   | StringEquals, StringEqualsIgnoreCase, StringLike           | false                   |
//   | NumericEquals, NumericLessThan(Equals), NumericGreaterThan(Equals) | false           |
//   | DateEquals, DateLessThan(Equals), DateGreaterThan(Equals)  | false                   |
//   | Bool, IpAddress                                            | false                   |
//   | StringNotEquals, StringNotEqualsIgnoreCase, StringNotLike  | true                    |
//   | NumericNotEquals, DateNotEquals, NotIpAddress              | true                    |
//
// Consequence worth knowing: an Allow guarded only by a negated operator on a key the request lacks applies,
// and a Deny guarded by one (e.g. NotIpAddress on acs:SourceIp) also applies — deny-side policies fail closed.
// A request value that cannot be read as the operator's type (say "abc" for NumericEquals) matches nothing,
// so it behaves like a missing key. `...IfExists` variants are not offered: Alibaba does not document them.
import { lookupContext } from './context.js';
import type { ConditionClause, ConditionContext, ConditionOperator, ContextValue } from './types.js';
import { inNetwork, readAddress, readBool, readIsoDate, readNetwork, readNumber } from './values.js';
import { wildcardMatch } from './wildcard.js';

type Kind = 'string' | 'numeric' | 'date' | 'bool' | 'ip';

interface OperatorSpec {
  readonly kind: Kind;
  /** True for the Not* operators: the clause holds when the positive test matches no value. */
  readonly negated: boolean;
  /** The positive test of one request value against one (already validated) policy value. */
  readonly test: (request: ContextValue, policyValue: string) => boolean;
}

function asString(v: ContextValue): string | undefined {
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return String(v);
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? undefined : v.toISOString();
  return undefined;
}

function asNumber(v: ContextValue): number | undefined {
  if (typeof v === 'number') return Number.isFinite(v) ? v : undefined;
  return typeof v === 'string' ? readNumber(v) : undefined;
}

/** Dates as epoch milliseconds: a Date, a number of milliseconds, or ISO 8601 text. */
function asTime(v: ContextValue): number | undefined {
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? undefined : v.getTime();
  if (typeof v === 'number') return Number.isFinite(v) ? v : undefined;
  return typeof v === 'string' ? readIsoDate(v) : undefined;
}

function asBool(v: ContextValue): boolean | undefined {
  if (typeof v === 'boolean') return v;
  return typeof v === 'string' ? readBool(v) : undefined;
}

function stringTest(cmp: (req: string, pol: string) => boolean): OperatorSpec['test'] {
  return (r, p) => {
    const s = asString(r);
    return s !== undefined && cmp(s, p);
  };
}

function numericTest(cmp: (req: number, pol: number) => boolean): OperatorSpec['test'] {
  return (r, p) => {
    const a = asNumber(r);
    const b = readNumber(p);
    return a !== undefined && b !== undefined && cmp(a, b);
  };
}

function dateTest(cmp: (req: number, pol: number) => boolean): OperatorSpec['test'] {
  return (r, p) => {
    const a = asTime(r);
    const b = readIsoDate(p);
    return a !== undefined && b !== undefined && cmp(a, b);
  };
}

const eq = (a: number, b: number): boolean => a === b;
const lt = (a: number, b: number): boolean => a < b;
const le = (a: number, b: number): boolean => a <= b;
const gt = (a: number, b: number): boolean => a > b;
const ge = (a: number, b: number): boolean => a >= b;

const exact = stringTest((a, b) => a === b);
const ignoreCase = stringTest((a, b) => a.toLowerCase() === b.toLowerCase());
const like = stringTest((a, b) => wildcardMatch(b, a));

const ipTest: OperatorSpec['test'] = (r, p) => {
  const addr = typeof r === 'string' ? readAddress(r) : undefined;
  const net = readNetwork(p);
  return addr !== undefined && net !== undefined && inNetwork(addr, net);
};

const boolTest: OperatorSpec['test'] = (r, p) => {
  const a = asBool(r);
  return a !== undefined && a === readBool(p);
};

export const OPERATORS: Readonly<Record<ConditionOperator, OperatorSpec>> = {
  StringEquals: { kind: 'string', negated: false, test: exact },
  StringNotEquals: { kind: 'string', negated: true, test: exact },
  StringEqualsIgnoreCase: { kind: 'string', negated: false, test: ignoreCase },
  StringNotEqualsIgnoreCase: { kind: 'string', negated: true, test: ignoreCase },
  StringLike: { kind: 'string', negated: false, test: like },
  StringNotLike: { kind: 'string', negated: true, test: like },
  NumericEquals: { kind: 'numeric', negated: false, test: numericTest(eq) },
  NumericNotEquals: { kind: 'numeric', negated: true, test: numericTest(eq) },
  NumericLessThan: { kind: 'numeric', negated: false, test: numericTest(lt) },
  NumericLessThanEquals: { kind: 'numeric', negated: false, test: numericTest(le) },
  NumericGreaterThan: { kind: 'numeric', negated: false, test: numericTest(gt) },
  NumericGreaterThanEquals: { kind: 'numeric', negated: false, test: numericTest(ge) },
  DateEquals: { kind: 'date', negated: false, test: dateTest(eq) },
  DateNotEquals: { kind: 'date', negated: true, test: dateTest(eq) },
  DateLessThan: { kind: 'date', negated: false, test: dateTest(lt) },
  DateLessThanEquals: { kind: 'date', negated: false, test: dateTest(le) },
  DateGreaterThan: { kind: 'date', negated: false, test: dateTest(gt) },
  DateGreaterThanEquals: { kind: 'date', negated: false, test: dateTest(ge) },
  Bool: { kind: 'bool', negated: false, test: boolTest },
  IpAddress: { kind: 'ip', negated: false, test: ipTest },
  NotIpAddress: { kind: 'ip', negated: true, test: ipTest },
};

/** Whether `value` is acceptable as a policy value for `operator`, checked at CreatePolicy time. */
export function isValidConditionValue(operator: ConditionOperator, value: string): boolean {
  switch (OPERATORS[operator].kind) {
    case 'string':
      return true;
    case 'numeric':
      return readNumber(value) !== undefined;
    case 'date':
      return readIsoDate(value) !== undefined;
    case 'bool':
      return readBool(value) !== undefined;
    case 'ip':
      return readNetwork(value) !== undefined;
  }
}

/** Whether one clause holds for the request (see the missing-key table above). */
export function clauseHolds(clause: ConditionClause, context: ConditionContext): boolean {
  const spec = OPERATORS[clause.operator];
  const requestValues = lookupContext(context, clause.key);
  const anyMatch = requestValues !== undefined && requestValues.some((r) => clause.values.some((p) => spec.test(r, p)));
  return spec.negated ? !anyMatch : anyMatch;
}

/** Whether every clause of a statement holds (an empty Condition always holds). */
export function conditionsHold(clauses: readonly ConditionClause[], context: ConditionContext): boolean {
  return clauses.every((c) => clauseHolds(c, context));
}
