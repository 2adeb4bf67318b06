// Who may use the control API and read the metrics. It changes everything, so: with VBRD_ADMIN_TOKEN
// set, only a caller presenting that bearer token, from anywhere; without it, only a caller on
// loopback reaching a loopback address (open by default there, as the development credentials are);
// with --control off, nobody. The health endpoint is not part of it.
import { timingSafeEqual } from 'node:crypto';
import { ControlError } from './input.js';

export interface AccessRule {
  enabled: boolean;
  /** VBRD_ADMIN_TOKEN, when set. */
  token?: string;
}

export function isLoopbackAddress(address: string): boolean {
  const a = address.startsWith('::ffff:') ? address.slice(7) : address;
  return a === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(a);
}

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Throws the refusal (403 or 401) unless the caller may use the control API; returns how it was let in. */
export function admit(
  rule: AccessRule,
  call: { remoteAddress: string; localAddress: string; authorization: string },
): 'token' | 'loopback' {
  if (!rule.enabled) throw new ControlError(403, 'ControlDisabled', 'the control API is switched off (--control off)');
  if (rule.token !== undefined) {
    const m = /^Bearer\s+(\S+)\s*$/i.exec(call.authorization);
    if (m && sameSecret(m[1]!, rule.token)) return 'token';
    throw new ControlError(401, 'Unauthorized', 'the control API needs the bearer token VBRD_ADMIN_TOKEN names (Authorization: Bearer …)', {
      'www-authenticate': 'Bearer realm="vbrd"',
    });
  }
  if (isLoopbackAddress(call.remoteAddress) && isLoopbackAddress(call.localAddress)) return 'loopback';
  throw new ControlError(
    403,
    'Forbidden',
    'the control API answers only loopback callers unless VBRD_ADMIN_TOKEN is set (then any caller with that bearer token)',
  );
}
