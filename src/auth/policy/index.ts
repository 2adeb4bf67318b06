// RAM policy engine: parse/validate policy documents, evaluate requests, ARNs, system policies.
// Pure and dependency-free apart from ipaddr.js; no I/O.
export type {
  AuthorizationRequest,
  ConditionClause,
  ConditionContext,
  ConditionOperator,
  ContextValue,
  Decision,
  Effect,
  EvaluationResult,
  NamedPolicy,
  PatternSet,
  Policy,
  PolicyType,
  Statement,
} from './types.js';
export { CONDITION_OPERATORS } from './types.js';
export { parsePolicyDocument, type ParseResult } from './parse.js';
export { evaluate, statementApplies } from './evaluate.js';
export { clauseHolds, conditionsHold } from './conditions.js';
export { GLOBAL_CONDITION_KEYS, requestContext, type RequestFacts } from './context.js';
export { MALFORMED_POLICY_DOCUMENT, MAX_POLICY_DOCUMENT_LENGTH, POLICY_DOCUMENT_TOO_LONG, type RamErrorSpec } from './errors.js';
export {
  physicalConnectionArn,
  physicalConnectionWildcardArn,
  ramPolicyArn,
  ramPolicyWildcardArn,
  ramUserArn,
  ramUserWildcardArn,
  routerInterfaceArn,
  routeTableArn,
  vbrArn,
  vbrHaArn,
  vbrWildcardArn,
} from './arn.js';
export { SYSTEM_POLICIES, findSystemPolicy, type SystemPolicy } from './system-policies.js';
export { wildcardMatch, wildcardMatchIgnoreCase } from './wildcard.js';
