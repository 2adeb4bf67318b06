// Turns vbrd's database URL into pg pool settings.
//
// Convention: `postgres://user@host:5432/db?schema=NAME` keeps all of vbrd's tables in schema NAME
// (created if missing), so several deployments or test runs can share one database without seeing
// each other. NAME must be a lower-case SQL identifier (letters, digits, _), which needs no quoting
// anywhere. Without `schema`, the server's default search_path applies (normally `public`).
// `?pool=N` caps the connections this node opens (default 10, at most 1000): each
// transaction holds one for its whole length, so it bounds the node's concurrent transactions, and
// N × nodes must stay under the server's max_connections.
// Every other query parameter is pg's own (sslmode, application_name, options, …); vbrd appends
// its settings to any `options` given, so its search_path and synchronous_commit win.

export interface PgSettings {
  /** The URL without vbrd's own parameters, for pg. */
  connectionString: string;
  /** The schema vbrd lives in, or null for the server default. */
  schema: string | null;
  /** Connections in this node's pool, when the URL says (`?pool=N`). */
  poolSize: number | null;
  /** Startup options: synchronous_commit, the idle-in-transaction bound and search_path, after any the URL carried. */
  options: string;
}

const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;
const MAX_POOL = 1000;

function parsePoolSize(v: string | null): number | null {
  if (v === null) return null;
  const n = /^[0-9]{1,4}$/.test(v) ? Number(v) : NaN;
  if (!(n >= 1 && n <= MAX_POOL)) throw new Error(`invalid pool "${v}": use a whole number of connections from 1 to ${MAX_POOL}`);
  return n;
}

export function parseDatabaseUrl(url: string): PgSettings {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new Error('the database URL is not a valid URL (expected postgres://user@host:port/database)');
  }
  if (u.protocol !== 'postgres:' && u.protocol !== 'postgresql:') {
    throw new Error(`unsupported database URL scheme "${u.protocol}" (expected postgres://)`);
  }
  const schema = u.searchParams.get('schema');
  if (schema !== null && !SCHEMA_NAME.test(schema)) {
    throw new Error(`invalid schema "${schema}": use a lower-case identifier of letters, digits and _ (at most 63)`);
  }
  const poolSize = parsePoolSize(u.searchParams.get('pool'));
  const given = u.searchParams.get('options');
  u.searchParams.delete('schema');
  u.searchParams.delete('pool');
  u.searchParams.delete('options');
  // An acknowledged commit must be on the primary's disk: force it on whatever the server or role default.
  // A node that vanishes mid-transaction (crash without FIN, partition) would otherwise keep its
  // advisory locks until TCP gives up, possibly hours; a live transaction is never idle this long.
  const ours = ['-c synchronous_commit=on', '-c idle_in_transaction_session_timeout=15000'];
  if (schema !== null) ours.push(`-c search_path=${schema}`);
  return {
    connectionString: u.toString(),
    schema,
    poolSize,
    options: [given, ...ours].filter((o) => o).join(' '),
  };
}
