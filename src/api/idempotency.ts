// Client-token idempotency, for every mutating action: the same token with the same parameters gives
// the first answer again without a second change; other parameters get IdempotentParameterMismatch.
// Most actions name the token `ClientToken`; the newer Express Connect ones name it `Token`.
import { createHash } from 'node:crypto';
import { apiError } from '../errors/catalogue.js';
import type { ParamSpecs } from './params.js';

const TOKEN_NAMES = ['ClientToken', 'Token'] as const;
type TokenName = (typeof TOKEN_NAMES)[number];

const MAX_TOKEN = 64;

/** The action's client token parameter, if it has one. */
function tokenParamOf(params: ParamSpecs): TokenName | undefined {
  return TOKEN_NAMES.find((name) => name in params);
}

export interface ClientToken {
  token: string;
  /** What the request asks, apart from the token: a retry must ask the same. */
  paramsHash: string;
}

/** The request's client token, checked (IllegalParam.ClientToken), or undefined when it sends none. */
export function clientTokenOf(params: ParamSpecs, p: Record<string, unknown>): ClientToken | undefined {
  const name = tokenParamOf(params);
  const token = name && (p[name] as string | undefined);
  if (token === undefined || name === undefined) return undefined;
  if (token.length > MAX_TOKEN || !/^[\x20-\x7e]*$/.test(token)) throw apiError('IllegalParam.ClientToken');
  if (token === '') return undefined;
  const canonical = JSON.stringify(
    Object.keys(p)
      .filter((k) => k !== name)
      .sort()
      .map((k) => [k, p[k]]),
  );
  return { token, paramsHash: createHash('sha256').update(canonical).digest('hex') };
}
