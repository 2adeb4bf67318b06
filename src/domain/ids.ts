// Alibaba-shaped identifiers: prefix + 21 lower-case alphanumerics. The first 9 characters are the
// creation time in base 36, so new rows append to the primary-key index (a random key writes a page in
// a random place of it, several times the cost) and ordering by id is creation order.
import { randomBytes } from 'node:crypto';

const ALPHABET = '0123456789abcdefghijklmnopqrstuvwxyz';
let lastMs = 0;
let seq = 0;

export type IdPrefix = 'pc' | 'vbr' | 'bgpg' | 'bgp' | 'ri' | 'rtb' | 'vtb' | 'rte' | 'ram' | 'vbrha';

export function newId(prefix: IdPrefix, now = Date.now()): string {
  // A per-millisecond sequence keeps ids from one process strictly increasing.
  if (now === lastMs) seq += 1;
  else {
    lastMs = now;
    seq = 0;
  }
  const time = now.toString(36).padStart(9, '0');
  const s = seq.toString(36).padStart(3, '0').slice(-3);
  let tail = '';
  for (let i = 0; i < 9; i++) tail += ALPHABET[randomByte() % 36];
  return `${prefix}-${time}${s}${tail}`;
}

// Random bytes drawn from the system in blocks: one call per id cost more than the rest of newId.
let pool = Buffer.alloc(0);
let next = 0;

function randomByte(): number {
  if (next === pool.length) {
    pool = randomBytes(4096);
    next = 0;
  }
  return pool[next++];
}

/** A billing order id as Alibaba shows them (decimal digits): the time in ms and three random digits. */
export function newOrderId(now = Date.now()): string {
  return `${now}${String(randomByte() % 10)}${String(randomByte() % 10)}${String(randomByte() % 10)}`;
}

const DAY_MS = 86_400_000;
const TWO_DIGITS = Array.from({ length: 60 }, (_, i) => String(i).padStart(2, '0'));
let formattedDay = NaN;
let dayPrefix = '';

/**
 * Alibaba's UTC time format for GmtModified / CreationTime fields (no milliseconds). Only the date is
 * formatted by Date, once per day seen in a row: a page of peers would otherwise call toISOString per
 * peer, which cost more than the rest of rendering them.
 */
export function isoSeconds(ms: number): string {
  const day = Math.floor(ms / DAY_MS);
  if (day !== formattedDay) {
    dayPrefix = new Date(day * DAY_MS).toISOString().slice(0, 11);
    formattedDay = day;
  }
  const s = Math.floor((ms - day * DAY_MS) / 1000);
  return `${dayPrefix}${TWO_DIGITS[Math.floor(s / 3600)]}:${TWO_DIGITS[Math.floor(s / 60) % 60]}:${TWO_DIGITS[s % 60]}Z`;
}
