// Versioned schema. Append only: a released migration is never edited. Every statement must run
// unchanged on SQLite and PostgreSQL, unless its migration names the engines it is for.
import type { Migration } from './engine.js';

export const migrations: Migration[] = [
  {
    version: 1,
    name: 'resources, idempotency, nonces, audit, leases',
    statements: [
      `CREATE TABLE resources (
        id TEXT PRIMARY KEY,
        kind TEXT NOT NULL,
        account_id TEXT NOT NULL,
        region_id TEXT NOT NULL,
        parent_id TEXT,
        vbr_id TEXT,
        status TEXT NOT NULL,
        due_at BIGINT,
        data TEXT NOT NULL)`,
      `CREATE INDEX resources_scope ON resources (account_id, kind, region_id, id)`,
      `CREATE INDEX resources_parent ON resources (parent_id, kind, account_id, region_id, id)`,
      `CREATE INDEX resources_vbr ON resources (vbr_id, kind, account_id, region_id, id)`,
      `CREATE INDEX resources_kind ON resources (kind, status, id)`,
      `CREATE INDEX resources_due ON resources (due_at) WHERE due_at IS NOT NULL`,
      `CREATE TABLE client_tokens (
        account_id TEXT NOT NULL,
        action TEXT NOT NULL,
        token TEXT NOT NULL,
        params_hash TEXT NOT NULL,
        response TEXT NOT NULL,
        created_at BIGINT NOT NULL,
        PRIMARY KEY (account_id, action, token))`,
      `CREATE TABLE nonces (nonce TEXT PRIMARY KEY, expires_at BIGINT NOT NULL)`,
      `CREATE TABLE audit_log (
        time BIGINT NOT NULL,
        account_id TEXT NOT NULL,
        principal TEXT NOT NULL,
        action TEXT NOT NULL,
        resource TEXT NOT NULL,
        decision TEXT NOT NULL,
        code TEXT NOT NULL,
        request_id TEXT NOT NULL,
        source_ip TEXT NOT NULL)`,
      `CREATE INDEX audit_log_time ON audit_log (time)`,
      `CREATE TABLE leases (name TEXT PRIMARY KEY, holder TEXT NOT NULL, expires_at BIGINT NOT NULL)`,
    ],
  },
  {
    version: 2,
    name: 'resource counts, so a page can report TotalCount without counting rows',
    // Kept by the store on every insert and delete, per scope a paged list asks for (see scope keys
    // in sql-store.ts). Several shards per scope spread concurrent writers on PostgreSQL.
    statements: [
      `CREATE TABLE resource_counts (scope TEXT NOT NULL, shard INTEGER NOT NULL, n BIGINT NOT NULL, PRIMARY KEY (scope, shard))`,
      `INSERT INTO resource_counts (scope, shard, n)
        SELECT 'a|' || kind || '|' || account_id || '|' || region_id, 0, COUNT(*) FROM resources GROUP BY kind, account_id, region_id`,
      `INSERT INTO resource_counts (scope, shard, n)
        SELECT 'v|' || kind || '|' || account_id || '|' || region_id || '|' || vbr_id, 0, COUNT(*) FROM resources
        WHERE vbr_id IS NOT NULL GROUP BY kind, account_id, region_id, vbr_id`,
      `INSERT INTO resource_counts (scope, shard, n)
        SELECT 'p|' || kind || '|' || account_id || '|' || region_id || '|' || parent_id, 0, COUNT(*) FROM resources
        WHERE parent_id IS NOT NULL GROUP BY kind, account_id, region_id, parent_id`,
    ],
  },
  {
    version: 3,
    name: 'quota keys, so BFD sessions are counted through an index instead of by reading every peer',
    // Kept by the store on every insert and update (see RecordIndexing). The indexes hold only rows that
    // have a key, so other rows cost nothing more to write: one counts a key's holders, the other an
    // account's holders of a range of keys.
    statements: [
      'ALTER TABLE resources ADD COLUMN quota_key TEXT',
      'CREATE INDEX resources_quota_key ON resources (quota_key) WHERE quota_key IS NOT NULL',
      'CREATE INDEX resources_account_quota_key ON resources (account_id, quota_key) WHERE quota_key IS NOT NULL',
    ],
    async backfill(tx, { quotaKeyOf }) {
      const peers = await tx.query<{ id: string; status: string; data: string }>(
        "SELECT id, status, data FROM resources WHERE kind = 'BgpPeer'",
      );
      for (const p of peers) {
        const key = quotaKeyOf({ kind: 'BgpPeer', status: p.status, data: JSON.parse(p.data) });
        if (key !== null) await tx.run('UPDATE resources SET quota_key = ? WHERE id = ?', [key, p.id]);
      }
    },
  },
  {
    version: 4,
    name: 'expiry indexes, so pruning nonces and ClientTokens reads only what it removes',
    // Both columns grow with time, so the new entries append to these indexes.
    statements: ['CREATE INDEX nonces_expiry ON nonces (expires_at)', 'CREATE INDEX client_tokens_age ON client_tokens (created_at)'],
  },
  {
    version: 5,
    name: 'resource links, so the VBRs associated with a circuit are found without reading every VBR',
    // Kept by the store on every write of a linking kind (see RecordIndexing).
    statements: [
      'CREATE TABLE resource_links (resource_id TEXT NOT NULL, target_id TEXT NOT NULL, PRIMARY KEY (target_id, resource_id))',
      'CREATE INDEX resource_links_resource ON resource_links (resource_id)',
    ],
    async backfill(tx, { linksOf }) {
      const vbrs = await tx.query<{ id: string; data: string }>("SELECT id, data FROM resources WHERE kind = 'VirtualBorderRouter'");
      for (const v of vbrs) {
        for (const target of linksOf({ kind: 'VirtualBorderRouter', data: JSON.parse(v.data) })) {
          await tx.run('INSERT INTO resource_links (resource_id, target_id) VALUES (?, ?)', [v.id, target]);
        }
      }
    },
  },
  {
    version: 6,
    name: 'nonce batches, so the SQLite engine persists its claimed nonces without a random index write each',
    // The SQLite engine answers nonce claims from memory and keeps this copy only for a restart: one row
    // per group commit, a JSON array of [nonce, expiresAt] pairs, expiring with its last. Rows append
    // in time order. PostgreSQL nodes must see each other's claims, so they keep using nonces.
    statements: [
      'CREATE TABLE nonce_batches (expires_at BIGINT NOT NULL, nonces TEXT NOT NULL)',
      'CREATE INDEX nonce_batches_expiry ON nonce_batches (expires_at)',
    ],
  },
  {
    version: 7,
    name: 'SQLite: no indexes or counts for the reads the in-memory copy answers',
    // The embedded store answers lists, pages and totals from its resident copy (store/resident/),
    // inside transactions too, so these only cost writes there: each new peer put an entry in a
    // random place of three indexes and bumped three counts. Lists by linked id, unsettled VBRs, due
    // times and quota keys still read their own indexes. PostgreSQL nodes share no copy and keep all.
    dialects: ['sqlite'],
    statements: ['DROP INDEX resources_scope', 'DROP INDEX resources_parent', 'DROP INDEX resources_vbr', 'DROP TABLE resource_counts'],
  },
  {
    version: 8,
    name: 'SQLite: an index of the unsettled resources alone',
    // resources_kind (kind, status, id) moved a peer's entry into the Available part of the index when
    // the reconciler settled it: one more page written in a random place per settled peer. Its one
    // reader left on SQLite is the reconciler's search for VBRs with unsettled resources (vbrIdsWith),
    // which names exactly these statuses, in this order; this index holds only their rows.
    dialects: ['sqlite'],
    statements: [
      'DROP INDEX resources_kind',
      "CREATE INDEX resources_unsettled ON resources (kind, vbr_id) WHERE status IN ('Pending', 'Modifying', 'Deleting')",
    ],
  },
  {
    version: 9,
    name: 'SQLite: no index of the unsettled resources',
    // The resident copy counts records per kind, status and VBR and answers vbrIdsWith itself. The
    // index put an entry in a random place (by VBR) for every new peer and took it out when the peer
    // settled: one more page for each commit to write, twice.
    dialects: ['sqlite'],
    statements: ['DROP INDEX resources_unsettled'],
  },
  {
    version: 10,
    name: 'BGP status history, so the console can draw the session of each peer over the last hours',
    // One row per BgpStatus transition the reconciler writes (bgp-reconciler.ts), pruned by age
    // (BGP_HISTORY_TTL_MS). Read per peer in time order; pruned by time.
    statements: [
      `CREATE TABLE bgp_status_history (
        time BIGINT NOT NULL,
        account_id TEXT NOT NULL,
        peer_id TEXT NOT NULL,
        from_status TEXT NOT NULL,
        to_status TEXT NOT NULL)`,
      'CREATE INDEX bgp_status_history_peer ON bgp_status_history (peer_id, time)',
      'CREATE INDEX bgp_status_history_time ON bgp_status_history (time)',
    ],
  },
  {
    version: 12,
    name: 'BGP AuthKeys sealed at rest',
    // A group's AuthKey was kept in clear in its JSON document; it becomes SealedAuthKey, sealed with the
    // key that seals AccessKey secrets (the opener hands the sealing in: the store has no key).
    statements: [],
    async backfill(tx, _indexing, { sealAuthKey, dialect }) {
      const groups = await tx.query<{ id: string; data: string }>("SELECT id, data FROM resources WHERE kind = 'BgpGroup'");
      // SQLite would leave the old text in the freed part of each page rewritten; this connection zeroes it meanwhile.
      const scrub = dialect === 'sqlite' && groups.length > 0;
      if (scrub) await tx.run('PRAGMA secure_delete = ON');
      for (const g of groups) {
        const { AuthKey: authKey, ...data } = JSON.parse(g.data) as { AuthKey?: string; SealedAuthKey?: string };
        if (authKey === undefined) continue;
        if (authKey === '') data.SealedAuthKey = '';
        else if (sealAuthKey) data.SealedAuthKey = sealAuthKey(authKey, g.id);
        else throw new Error('migration 12 seals BGP AuthKeys: open this database with the sealing key');
        await tx.run('UPDATE resources SET data = ? WHERE id = ?', [JSON.stringify(data), g.id]);
      }
      if (scrub) await tx.run('PRAGMA secure_delete = OFF');
    },
  },
];
