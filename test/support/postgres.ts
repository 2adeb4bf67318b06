// Test support: the local PostgreSQL, one throw-away schema per store a test opens (postgres-schemas.ts),
// and a clear skip (or, under CI=true, a failure) when the server cannot be reached.
import { test } from 'node:test';
import assert from 'node:assert/strict';

export { SchemaPool, TEST_DATABASE_URL, unavailableReason } from './postgres-schemas.js';

/**
 * When PostgreSQL is unavailable: one skipped test saying why, or under CI=true a failing one,
 * so a broken CI database can never pass as green.
 */
export function reportUnavailable(suite: string, reason: string): void {
  if (process.env.CI === 'true') {
    test(`${suite}: PostgreSQL must be reachable in CI`, () => assert.fail(reason));
  } else {
    test(`${suite}`, { skip: reason }, () => undefined);
  }
}
