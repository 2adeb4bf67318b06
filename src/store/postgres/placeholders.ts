// Rewrites the portable SQL's `?` placeholders to PostgreSQL's $1, $2, …  A `?` inside a string
// literal, quoted identifier, comment or dollar-quoted body is text, not a parameter, so it is left
// alone. (PostgreSQL's own `?` operators, e.g. jsonb `?|`, are not part of the portable subset.)

export interface Positional {
  text: string;
  /** How many parameters the statement expects. */
  count: number;
}

const cache = new Map<string, Positional>();
/** Portable SQL is a bounded set of statement shapes; the bound only guards against a runaway caller. */
const CACHE_LIMIT = 2048;

export function toPositional(sql: string): Positional {
  let hit = cache.get(sql);
  if (!hit) {
    hit = rewrite(sql);
    if (cache.size >= CACHE_LIMIT) cache.clear();
    cache.set(sql, hit);
  }
  return hit;
}

function rewrite(sql: string): Positional {
  let out = '';
  let count = 0;
  let i = 0;
  const n = sql.length;
  // Copies sql[i..end) verbatim and moves on.
  const copyTo = (end: number) => {
    out += sql.slice(i, end);
    i = end;
  };
  while (i < n) {
    const c = sql[i];
    const next = sql[i + 1];
    if (c === '?') {
      count += 1;
      out += `$${count}`;
      i += 1;
    } else if (c === "'") {
      // E'…' strings treat backslash as an escape; standard strings only double the quote.
      const escapes = i > 0 && (sql[i - 1] === 'E' || sql[i - 1] === 'e') && !isIdentChar(sql[i - 2]);
      copyTo(endOfQuoted(sql, i, "'", escapes));
    } else if (c === '"') {
      copyTo(endOfQuoted(sql, i, '"', false));
    } else if (c === '-' && next === '-') {
      const eol = sql.indexOf('\n', i);
      copyTo(eol === -1 ? n : eol + 1);
    } else if (c === '/' && next === '*') {
      copyTo(endOfBlockComment(sql, i));
    } else if (c === '$' && !isIdentChar(sql[i - 1])) {
      const tag = /^\$([A-Za-z_][A-Za-z0-9_]*)?\$/.exec(sql.slice(i));
      if (tag) {
        const close = sql.indexOf(tag[0], i + tag[0].length);
        copyTo(close === -1 ? n : close + tag[0].length);
      } else {
        copyTo(i + 1);
      }
    } else {
      copyTo(i + 1);
    }
  }
  return { text: out, count };
}

function isIdentChar(c: string | undefined): boolean {
  return c !== undefined && /[A-Za-z0-9_$]/.test(c);
}

/** Index just past the closing quote of the quoted run opening at `start` (or the end of input). */
function endOfQuoted(sql: string, start: number, quote: string, backslashEscapes: boolean): number {
  let i = start + 1;
  while (i < sql.length) {
    const c = sql[i];
    if (backslashEscapes && c === '\\') {
      i += 2;
      continue;
    }
    if (c === quote) {
      if (sql[i + 1] === quote) {
        i += 2;
        continue;
      } // doubled quote is a literal quote
      return i + 1;
    }
    i += 1;
  }
  return sql.length;
}

/** Block comments nest in PostgreSQL. */
function endOfBlockComment(sql: string, start: number): number {
  let depth = 0;
  let i = start;
  while (i < sql.length) {
    if (sql[i] === '/' && sql[i + 1] === '*') {
      depth += 1;
      i += 2;
      continue;
    }
    if (sql[i] === '*' && sql[i + 1] === '/') {
      depth -= 1;
      i += 2;
      if (depth === 0) return i;
      continue;
    }
    i += 1;
  }
  return sql.length;
}
