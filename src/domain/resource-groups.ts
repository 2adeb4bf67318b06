// Resource groups: every account has a default group, and the seed file may declare more
// (config/seed.ts). A resource created without ResourceGroupId goes into its account's default group.
import { createHash } from 'node:crypto';
import type { Seed } from '../config/seed.js';

const ALPHABET = '0123456789abcdefghijklmnopqrstuvwxyz';

/**
 * The default group vbrd makes up for an account the seed gives none: shaped like Alibaba's
 * (`rg-acfm` and 11 more characters), the same for the same account on every node and every start.
 */
function madeUpDefault(accountId: string): string {
  const digest = createHash('sha256').update(`resource-group:${accountId}`).digest();
  let tail = '';
  for (let i = 0; i < 11; i++) tail += ALPHABET[digest[i] % 36];
  return `rg-acfm${tail}`;
}

/** The account's default resource group. */
export function defaultResourceGroupId(seed: Seed, accountId: string): string {
  return seed.resourceGroups.find((g) => g.accountId === accountId && g.default)?.resourceGroupId ?? madeUpDefault(accountId);
}

/** Whether the group is one of the account's: its default or one the seed gives it. */
export function isResourceGroupOf(seed: Seed, accountId: string, resourceGroupId: string): boolean {
  return (
    resourceGroupId === defaultResourceGroupId(seed, accountId) ||
    seed.resourceGroups.some((g) => g.accountId === accountId && g.resourceGroupId === resourceGroupId)
  );
}

/** The group a record is in: the one stored, or (records made before groups were kept) its account's default. */
export function resourceGroupOf(seed: Seed, accountId: string, stored: string | undefined): string {
  return stored || defaultResourceGroupId(seed, accountId);
}
