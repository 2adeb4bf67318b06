// `vbrd audit`: list the audit trail from the store named by --data / --database (or VBRD_DATA /
// VBRD_DATABASE_URL), filtered by account, principal, action, decision and time.
import { ConfigError } from '../config/server-config.js';
import { openStore } from '../store/open.js';
import { AuthKeyBox } from '../auth/auth-key-box.js';
import { secretKey } from '../auth/ram/secret-key.js';
import type { AuditEntry, AuditQuery } from '../store/record.js';
import { recordIndexing } from '../domain/record-indexing.js';

const OPTIONS = ['--data', '--database', '--account', '--principal', '--action', '--decision', '--since', '--until', '--limit'] as const;
type Option = (typeof OPTIONS)[number];
/** Every option `vbrd audit` accepts: those above take a value, --json takes none. */
export const AUDIT_OPTIONS: readonly string[] = [...OPTIONS, '--json'];
const DECISIONS = ['Allow', 'ExplicitDeny', 'ImplicitDeny', 'Root', 'SoftDeny'];

function parseTime(flag: string, v: string): number {
  const t = /^\d+$/.test(v) ? Number(v) : Date.parse(v);
  if (Number.isNaN(t)) throw new ConfigError(`${flag} must be an ISO 8601 time or milliseconds since the epoch`);
  return t;
}

export interface AuditArgs {
  dataDir: string;
  databaseUrl?: string;
  query: AuditQuery;
  json: boolean;
}

export function parseAuditArgs(args: string[], env: NodeJS.ProcessEnv): AuditArgs {
  const given = new Map<Option, string>();
  let json = false;
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '--json') {
      json = true;
      continue;
    }
    const eq = a.indexOf('=');
    const name = (eq > 0 ? a.slice(0, eq) : a) as Option;
    if (!OPTIONS.includes(name)) throw new ConfigError(`unknown option ${a} for vbrd audit`);
    const value = eq > 0 ? a.slice(eq + 1) : args[++i];
    if (value === undefined) throw new ConfigError(`${name} needs a value`);
    given.set(name, value);
  }
  const decision = given.get('--decision');
  if (decision !== undefined && !DECISIONS.includes(decision)) throw new ConfigError(`--decision must be one of ${DECISIONS.join(', ')}`);
  const limitText = given.get('--limit');
  const limit = limitText === undefined ? undefined : Number(limitText);
  if (limit !== undefined && (!Number.isInteger(limit) || limit < 1)) throw new ConfigError('--limit must be a positive integer');
  const since = given.get('--since'),
    until = given.get('--until');
  return {
    dataDir: given.get('--data') ?? (env.VBRD_DATA || './.vbrd'),
    databaseUrl: given.get('--database') ?? (env.VBRD_DATABASE_URL || undefined),
    json,
    query: {
      accountId: given.get('--account'),
      principal: given.get('--principal'),
      action: given.get('--action'),
      decision,
      limit,
      since: since === undefined ? undefined : parseTime('--since', since),
      until: until === undefined ? undefined : parseTime('--until', until),
    },
  };
}

export function formatAuditEntry(e: AuditEntry): string {
  return [
    new Date(e.time).toISOString(),
    e.accountId,
    e.principal,
    e.action,
    e.decision,
    e.code,
    e.resource || '-',
    e.sourceIp,
    e.requestId,
  ].join('\t');
}

/** Runs `vbrd audit`; writes one line per entry (tab-separated, or JSON with --json) and returns the entries. */
export async function auditCommand(args: string[], env: NodeJS.ProcessEnv, write: (line: string) => void): Promise<AuditEntry[]> {
  const a = parseAuditArgs(args, env);
  // An older database is migrated on open, which seals the BGP AuthKeys it held in clear.
  const authKeys = new AuthKeyBox(() => secretKey(a.dataDir));
  const store = await openStore({
    indexing: recordIndexing,
    dataDir: a.dataDir,
    databaseUrl: a.databaseUrl,
    auditOnly: true,
    sealAuthKey: (authKey, groupId) => authKeys.seal(authKey, groupId),
  });
  try {
    const entries = await store.listAudit(a.query);
    if (!a.json) write('TIME\tACCOUNT\tPRINCIPAL\tACTION\tDECISION\tCODE\tRESOURCE\tSOURCE_IP\tREQUEST_ID');
    for (const e of entries) write(a.json ? JSON.stringify(e) : formatAuditEntry(e));
    return entries;
  } finally {
    await store.close();
  }
}
