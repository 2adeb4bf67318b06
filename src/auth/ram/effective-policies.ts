// The identity policies that apply to a RAM user right now: each attached system policy, and each
// attached custom policy at its default version. Read from the store on every call (no cache of
// attachments), so detaching or deleting takes effect at once; only the parse of an immutable
// policy version is cached.
import type { StoreReader } from '../../store/store.js';
import { findSystemPolicy, parsePolicyDocument, type NamedPolicy, type Policy } from '../policy/index.js';
import { attachmentsOf, findCustomPolicy, type UserRecord } from './lookup.js';

const parsed = new Map<string, Policy | null>();
const MAX_CACHED = 10_000;

function parseVersion(cacheKey: string, text: string): Policy | null {
  let p = parsed.get(cacheKey);
  if (p === undefined) {
    const r = parsePolicyDocument(text);
    // Documents were validated at CreatePolicy; an unreadable one grants nothing rather than failing the call.
    p = r.ok ? r.policy : null;
    if (parsed.size >= MAX_CACHED) parsed.clear();
    parsed.set(cacheKey, p);
  }
  return p;
}

export async function effectivePolicies(db: StoreReader, user: UserRecord): Promise<NamedPolicy[]> {
  const out: NamedPolicy[] = [];
  for (const a of await attachmentsOf(db, user)) {
    if (a.data.PolicyType === 'System') {
      const sys = findSystemPolicy(a.data.PolicyName);
      if (sys) out.push(sys);
      continue;
    }
    const custom = await findCustomPolicy(db, user.accountId, a.data.PolicyName);
    const version = custom?.data.Versions.find((v) => v.VersionId === custom.data.DefaultVersion);
    if (!custom || !version) continue;
    const doc = parseVersion(`${custom.id}/${version.VersionId}`, version.PolicyDocument);
    if (doc) out.push({ name: custom.data.PolicyName, type: 'Custom', document: doc });
  }
  return out;
}
