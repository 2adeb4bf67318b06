// Throw-away schemas on the local PostgreSQL, for tests and benches: the server's URL, a check that it
// can be reached, and a pool of fresh schema names that are all dropped at the end.
import { randomBytes } from 'node:crypto';
import pg from 'pg';

/** Override with VBRD_TEST_DATABASE_URL; any `schema` parameter in it is replaced per store. */
export const TEST_DATABASE_URL = process.env.VBRD_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

const PREFIX = 'vbrd_t_';
/** Schemas left behind by runs that crashed are dropped once they are this old. */
const STALE_MS = 6 * 3600 * 1000;

async function withAdmin<T>(fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: TEST_DATABASE_URL, connectionTimeoutMillis: 3000 });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

/** Why PostgreSQL cannot be used, or null when it can. Also clears out stale test schemas. */
export async function unavailableReason(): Promise<string | null> {
  try {
    await withAdmin(async (c) => {
      const { rows } = await c.query<{ nspname: string }>(`SELECT nspname FROM pg_namespace WHERE starts_with(nspname, $1)`, [PREFIX]);
      for (const { nspname } of rows) {
        const born = parseInt(nspname.slice(PREFIX.length).split('_')[0], 36);
        if (Number.isFinite(born) && Date.now() - born > STALE_MS) await c.query(`DROP SCHEMA IF EXISTS ${nspname} CASCADE`);
      }
    });
    return null;
  } catch (e) {
    return `PostgreSQL at ${redacted(TEST_DATABASE_URL)} is unreachable (${e instanceof Error ? e.message : String(e)}); run .ci/postgres.sh`;
  }
}

function redacted(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return '(unparsable URL)';
  }
}

/** Hands out URLs of fresh, not yet existing schemas and drops them all at the end. */
export class SchemaPool {
  private readonly made: string[] = [];

  /** A new schema name (time-stamped, so stale ones can be recognised; with the PID, to tell whose it is) and its URL. */
  next(): { schema: string; url: string } {
    const schema = `${PREFIX}${Date.now().toString(36)}_${process.pid}_${randomBytes(4).toString('hex')}`;
    this.made.push(schema);
    const u = new URL(TEST_DATABASE_URL);
    u.searchParams.set('schema', schema);
    return { schema, url: u.toString() };
  }

  async dropAll(): Promise<void> {
    const names = this.made.splice(0);
    if (names.length === 0) return;
    await withAdmin(async (c) => {
      for (const s of names) await c.query(`DROP SCHEMA IF EXISTS ${s} CASCADE`);
    });
  }
}
