// The database's own record of who changed what: a trigger on the shared schema's resources table
// logs every status change of a BGP resource, and every change of a peer's BgpStatus, with the
// application_name of the session that made it (each node connects as its node name). The row is
// written inside the writer's transaction, so it exists exactly when the change was committed.
// It is how the fail-over test shows that a settle happened once per generation, and by whom,
// without relying on logging the nodes do not do.
import pg from 'pg';

export interface Transition {
  seq: number;
  /** The database's clock at the write, ms since the epoch. */
  at: number;
  writer: string;
  id: string;
  kind: string;
  op: string;
  oldStatus: string | null;
  newStatus: string | null;
  generation: number | null;
  oldBgpStatus: string | null;
  newBgpStatus: string | null;
}

async function withClient<T>(schemaUrl: string, fn: (c: pg.Client, schema: string) => Promise<T>): Promise<T> {
  const u = new URL(schemaUrl);
  const schema = u.searchParams.get('schema')!;
  u.searchParams.delete('schema');
  const c = new pg.Client({ connectionString: u.toString(), connectionTimeoutMillis: 3000 });
  await c.connect();
  try {
    return await fn(c, schema);
  } finally {
    await c.end();
  }
}

/** Install the recorder in the schema (after a node has migrated it). */
export function recordTransitions(schemaUrl: string): Promise<void> {
  return withClient(schemaUrl, async (c, s) => {
    await c.query(`
      CREATE TABLE ${s}.mn_transitions (
        seq BIGSERIAL PRIMARY KEY, at BIGINT NOT NULL DEFAULT (EXTRACT(EPOCH FROM clock_timestamp()) * 1000)::BIGINT, writer TEXT NOT NULL, id TEXT NOT NULL, kind TEXT NOT NULL, op TEXT NOT NULL,
        old_status TEXT, new_status TEXT, generation BIGINT, old_bgp_status TEXT, new_bgp_status TEXT);
      CREATE FUNCTION ${s}.mn_record() RETURNS trigger LANGUAGE plpgsql AS $fn$
      DECLARE r ${s}.resources%ROWTYPE;
      BEGIN
        IF TG_OP = 'DELETE' THEN r := OLD; ELSE r := NEW; END IF;
        IF r.kind NOT IN ('BgpGroup', 'BgpPeer', 'BgpNetwork') THEN RETURN NULL; END IF;
        IF TG_OP = 'UPDATE' AND NEW.status = OLD.status
           AND (NEW.data::jsonb->>'BgpStatus') IS NOT DISTINCT FROM (OLD.data::jsonb->>'BgpStatus') THEN RETURN NULL; END IF;
        INSERT INTO ${s}.mn_transitions (writer, id, kind, op, old_status, new_status, generation, old_bgp_status, new_bgp_status)
        VALUES (current_setting('application_name'), r.id, r.kind, TG_OP,
          CASE WHEN TG_OP = 'INSERT' THEN NULL ELSE OLD.status END,
          CASE WHEN TG_OP = 'DELETE' THEN NULL ELSE NEW.status END,
          (r.data::jsonb->>'generation')::BIGINT,
          CASE WHEN TG_OP = 'INSERT' THEN NULL ELSE OLD.data::jsonb->>'BgpStatus' END,
          CASE WHEN TG_OP = 'DELETE' THEN NULL ELSE NEW.data::jsonb->>'BgpStatus' END);
        RETURN NULL;
      END $fn$;
      CREATE TRIGGER mn_record AFTER INSERT OR UPDATE OR DELETE ON ${s}.resources FOR EACH ROW EXECUTE FUNCTION ${s}.mn_record();`);
  });
}

export function readTransitions(schemaUrl: string): Promise<Transition[]> {
  return withClient(schemaUrl, async (c, s) => {
    const { rows } = await c.query<Record<string, string | null>>(`SELECT * FROM ${s}.mn_transitions ORDER BY seq`);
    return rows.map((r) => ({
      seq: Number(r.seq),
      at: Number(r.at),
      writer: r.writer!,
      id: r.id!,
      kind: r.kind!,
      op: r.op!,
      oldStatus: r.old_status,
      newStatus: r.new_status,
      generation: r.generation === null ? null : Number(r.generation),
      oldBgpStatus: r.old_bgp_status,
      newBgpStatus: r.new_bgp_status,
    }));
  });
}
