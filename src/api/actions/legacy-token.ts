// Idempotency for the newer Express Connect actions whose client token is named `Token` instead of
// `ClientToken` (the pipeline handles ClientToken): same token and parameters → the first response.
import { createHash } from 'node:crypto';
import { apiError } from '../../errors/catalogue.js';
import type { Body, ReadContext, WriteContext } from '../action.js';

const MAX_TOKEN = 64;

export function tokenLock(ctx: ReadContext, action: string, token: string | undefined): string[] {
  return token ? [`token:${ctx.accountId}:${action}:${token}`] : [];
}

function hash(p: Record<string, unknown>): string {
  const canonical = JSON.stringify(
    Object.keys(p)
      .filter((k) => k !== 'Token')
      .sort()
      .map((k) => [k, p[k]]),
  );
  return createHash('sha256').update(canonical).digest('hex');
}

/** Run `fn` once per (account, action, Token); the lock from tokenLock() must be held. */
export async function onceForToken(ctx: WriteContext, action: string, p: Record<string, unknown>, fn: () => Promise<Body>): Promise<Body> {
  const token = p.Token as string | undefined;
  if (!token) return fn();
  if (token.length > MAX_TOKEN || !/^[\x20-\x7e]*$/.test(token)) throw apiError('IllegalParam.ClientToken');
  const h = hash(p);
  const seen = await ctx.db.getIdempotency(ctx.accountId, action, token);
  if (seen) {
    if (seen.paramsHash !== h) throw apiError('IdempotentParameterMismatch');
    return seen.response;
  }
  const body = await fn();
  await ctx.db.putIdempotency(ctx.accountId, action, token, { paramsHash: h, response: body });
  return body;
}
