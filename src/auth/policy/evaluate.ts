// The identity-policy decision: explicit Deny anywhere wins, otherwise any Allow, otherwise implicit deny.
// (RAM "Policy evaluation process"; control and session policies are not part of vbrd.)
import { conditionsHold } from './conditions.js';
import type { AuthorizationRequest, EvaluationResult, NamedPolicy, PatternSet, Statement } from './types.js';
import { wildcardMatch, wildcardMatchIgnoreCase } from './wildcard.js';

function coveredBy(set: PatternSet, value: string, match: (pattern: string, text: string) => boolean): boolean {
  const hit = set.patterns.some((p) => match(p, value));
  return set.negated ? !hit : hit;
}

/** Whether a statement applies to the request: action, resource and every condition match. */
export function statementApplies(stmt: Statement, request: AuthorizationRequest): boolean {
  // Action names are matched case-insensitively (RAM: "generally not case-sensitive"); ARNs exactly.
  return (
    coveredBy(stmt.actions, request.action, wildcardMatchIgnoreCase) &&
    coveredBy(stmt.resources, request.resource, wildcardMatch) &&
    conditionsHold(stmt.conditions, request.context)
  );
}

/** Decide a request against the caller's policies. Reports the first policy that decided, in the given order. */
export function evaluate(policies: readonly NamedPolicy[], request: AuthorizationRequest): EvaluationResult {
  let allowedBy: NamedPolicy | undefined;
  for (const policy of policies) {
    for (const stmt of policy.document.statements) {
      if (!statementApplies(stmt, request)) continue;
      if (stmt.effect === 'Deny') {
        return { decision: 'ExplicitDeny', policyName: policy.name, policyType: policy.type };
      }
      allowedBy ??= policy;
    }
  }
  if (allowedBy !== undefined) {
    return { decision: 'Allow', policyName: allowedBy.name, policyType: allowedBy.type };
  }
  return { decision: 'ImplicitDeny' };
}
