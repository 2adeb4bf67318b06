// The parsed form of a RAM policy document and the shapes the evaluator works on.
// parsePolicyDocument() is the only producer of Policy values, so the evaluator can trust them.

export type Effect = 'Allow' | 'Deny';

/** Policy type as RAM's AttachPolicyToUser / GetPolicy spell it. */
export type PolicyType = 'System' | 'Custom';

/** Every condition operator RAM documents. No `...IfExists` forms: Alibaba does not document them. */
export const CONDITION_OPERATORS = [
  'StringEquals',
  'StringNotEquals',
  'StringEqualsIgnoreCase',
  'StringNotEqualsIgnoreCase',
  'StringLike',
  'StringNotLike',
  'NumericEquals',
  'NumericNotEquals',
  'NumericLessThan',
  'NumericLessThanEquals',
  'NumericGreaterThan',
  'NumericGreaterThanEquals',
  'DateEquals',
  'DateNotEquals',
  'DateLessThan',
  'DateLessThanEquals',
  'DateGreaterThan',
  'DateGreaterThanEquals',
  'Bool',
  'IpAddress',
  'NotIpAddress',
] as const;

export type ConditionOperator = (typeof CONDITION_OPERATORS)[number];

/**
 * One (operator, key) pair of a Condition block. A statement's clauses are all ANDed; the values of one clause
 * are ORed. Values are kept as the policy's strings, already checked to be valid for the operator.
 */
export interface ConditionClause {
  readonly operator: ConditionOperator;
  /** The key as written in the policy; looked up case-insensitively. */
  readonly key: string;
  readonly values: readonly string[];
}

/** A list of patterns, either inclusive (Action/Resource) or exclusive (NotAction/NotResource). */
export interface PatternSet {
  readonly negated: boolean;
  readonly patterns: readonly string[];
}

export interface Statement {
  readonly effect: Effect;
  readonly actions: PatternSet;
  readonly resources: PatternSet;
  readonly conditions: readonly ConditionClause[];
}

export interface Policy {
  readonly version: '1';
  readonly statements: readonly Statement[];
}

/** A parsed policy together with the identity RAM reports in AccessDeniedDetail. */
export interface NamedPolicy {
  readonly name: string;
  readonly type: PolicyType;
  readonly document: Policy;
}

/** A value a request can carry for a condition key. Lists stand for multi-valued keys. */
export type ContextValue = string | number | boolean | Date | readonly string[];

/** Request condition keys → values. Keys are matched case-insensitively, as RAM does. */
export type ConditionContext = Readonly<Record<string, ContextValue | undefined>>;

export interface AuthorizationRequest {
  /** `service:Action`, e.g. `vpc:CreateBgpPeer`. */
  readonly action: string;
  /** The resource ARN the action is authorized against. */
  readonly resource: string;
  readonly context: ConditionContext;
}

export type Decision = 'Allow' | 'ExplicitDeny' | 'ImplicitDeny';

export interface EvaluationResult {
  readonly decision: Decision;
  /** The policy whose statement decided (absent for ImplicitDeny). */
  readonly policyName?: string;
  readonly policyType?: PolicyType;
}
