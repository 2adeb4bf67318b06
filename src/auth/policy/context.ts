// The request side of conditions: RAM's global condition keys and a case-insensitive lookup.
import type { ConditionContext, ContextValue } from './types.js';

/** Global condition keys (RAM "Policy elements"); vbrd sets all four on every authorized call. */
export const GLOBAL_CONDITION_KEYS = {
  currentTime: 'acs:CurrentTime',
  secureTransport: 'acs:SecureTransport',
  sourceIp: 'acs:SourceIp',
  mfaPresent: 'acs:MFAPresent',
} as const;

export interface RequestFacts {
  /** Time the server received the request. */
  readonly currentTime: Date;
  /** True when the request came over HTTPS. */
  readonly secureTransport: boolean;
  /** Client address (IPv4 or IPv6). */
  readonly sourceIp: string;
  /** Whether the caller authenticated with MFA; AccessKey calls never do. */
  readonly mfaPresent: boolean;
}

/** The condition context for one API request. */
export function requestContext(facts: RequestFacts): ConditionContext {
  return {
    [GLOBAL_CONDITION_KEYS.currentTime]: facts.currentTime,
    [GLOBAL_CONDITION_KEYS.secureTransport]: facts.secureTransport,
    [GLOBAL_CONDITION_KEYS.sourceIp]: facts.sourceIp,
    [GLOBAL_CONDITION_KEYS.mfaPresent]: facts.mfaPresent,
  };
}

/**
 * The request's values for a condition key, matched case-insensitively (RAM treats condition keys that way).
 * Undefined when the key is absent; an empty list counts as absent too.
 */
export function lookupContext(context: ConditionContext, key: string): readonly ContextValue[] | undefined {
  const wanted = key.toLowerCase();
  const found: ContextValue[] = [];
  for (const [k, v] of Object.entries(context)) {
    if (k.toLowerCase() !== wanted || v === undefined) continue;
    if (Array.isArray(v)) found.push(...(v as readonly string[]));
    else found.push(v as Exclude<ContextValue, readonly string[]>);
  }
  return found.length === 0 ? undefined : found;
}
