// Maps Store lock keys to PostgreSQL advisory lock ids (signed 64-bit). Every node must take a
// transaction's locks in the same global order, or two nodes taking {a, b} and {b, a} could
// deadlock: so ids are sorted numerically and deduplicated (two keys that collide on 64 bits simply
// share one lock, which is safe, merely coarser).
import { createHash } from 'node:crypto';

/**
 * Advisory locks are per database, not per schema: the namespace (the schema) is hashed in so that
 * deployments in different schemas of one database never wait on each other.
 */
export function advisoryLockIds(namespace: string, keys: readonly string[]): bigint[] {
  const ids = new Set<bigint>();
  for (const k of keys) ids.add(lockId(namespace, k));
  return [...ids].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

export function lockId(namespace: string, key: string): bigint {
  return createHash('sha256').update(namespace).update('\0').update(key).digest().readBigInt64BE(0);
}
