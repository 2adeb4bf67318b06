// Fault injection: rules that make matching API calls fail on purpose (an error in Alibaba's envelope,
// added latency, a dropped connection), with a probability and/or a count, then expire. The pipeline
// asks pick() about every call whose signature holds, before the call uses anything up; with no rule
// set that is one length check.
import type { Principal } from '../auth/principal.js';
import type { FaultStep, InjectedFault } from '../api/pipeline.js';
import { ApiError } from '../errors/api-error.js';
import { catalogued } from '../errors/catalogue.js';
import { asObject, badInput, onlyFields, optNumber, optString, ACCOUNT_ID, type Json } from './input.js';

export interface FaultErrorSpec {
  code: string;
  status: number;
  message: string;
}

/** A rule as the control API takes it (POST /_vbrd/faults, inject()). */
export interface FaultRuleInput {
  action?: string;
  accountId?: string;
  accessKeyId?: string;
  resourceId?: string;
  /** Answer this error; status and message default to Alibaba's for a code vbrd knows (else 400). */
  error?: { code: string; status?: number; message?: string };
  latencyMs?: number;
  drop?: boolean;
  probability?: number;
  /** Act on this many calls, then go. */
  count?: number;
  /** Go after this many seconds. */
  ttlSeconds?: number;
}

/** A rule as listed. */
export interface FaultRule {
  id: string;
  /** Action name; `*` matches any run of characters, `?` one character. Absent: every action. */
  action?: string;
  accountId?: string;
  accessKeyId?: string;
  /** Matches a call that carries this value in any parameter (RouterId, BgpPeerId, InstanceId…). */
  resourceId?: string;
  error?: FaultErrorSpec;
  latencyMs?: number;
  drop?: boolean;
  /** Chance that a matching call is acted on (default 1). */
  probability: number;
  /** Calls still to act on; the rule goes once none are left. Absent: no limit. */
  remaining?: number;
  /** When the rule goes (ISO time), if it has a time limit. */
  expiresAt?: string;
  /** Calls acted on so far. */
  hits: number;
  createdAt: string;
}

interface LiveRule {
  rule: FaultRule;
  action?: RegExp;
  expiresAt?: number;
}

const RULE_FIELDS = [
  'action',
  'accountId',
  'accessKeyId',
  'resourceId',
  'error',
  'latencyMs',
  'drop',
  'probability',
  'count',
  'ttlSeconds',
];

/** `*` any run, `?` one character; the rest literal. */
function globToRegExp(glob: string): RegExp {
  const body = glob
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  return new RegExp(`^${body}$`);
}

function parseError(value: unknown): FaultErrorSpec {
  const e = asObject(value, 'error');
  onlyFields(e, ['code', 'status', 'message'], 'error');
  const code = optString(e, 'code', { max: 128, pattern: /^[A-Za-z][A-Za-z0-9._-]*$/ });
  if (code === undefined) throw badInput('error.code is required (e.g. "Throttling.User")');
  const known = catalogued(code);
  const status = optNumber(e, 'status', 400, 599) ?? known?.status ?? 400;
  const message =
    optString(e, 'message', { max: 1024 }) ?? known?.message ?? `The request failed: ${code} (injected by vbrd's fault rules).`;
  return { code, status, message };
}

export class FaultRules implements FaultStep {
  private rules: LiveRule[] = [];
  private next = 1;

  /** `random` is injectable so tests can decide the probability's draws. */
  constructor(private readonly random: () => number = Math.random) {}

  /** Checks a rule's fields and adds it; returns it as listed. */
  add(input: unknown): FaultRule {
    const o: Json = asObject(input, 'a fault rule');
    onlyFields(o, RULE_FIELDS, 'a fault rule');
    const action = optString(o, 'action', { max: 128, pattern: /^[A-Za-z0-9*?]+$/ });
    const accountId = optString(o, 'accountId', { pattern: ACCOUNT_ID });
    const accessKeyId = optString(o, 'accessKeyId', { max: 128 });
    const resourceId = optString(o, 'resourceId', { max: 128 });
    const error = o.error === undefined ? undefined : parseError(o.error);
    const latencyMs = optNumber(o, 'latencyMs', 0, 600_000);
    if (o.drop !== undefined && typeof o.drop !== 'boolean') throw badInput('drop must be true or false');
    const drop = o.drop === true ? true : undefined;
    if (error && drop) throw badInput('a rule either answers an error or drops the connection, not both');
    if (!error && !drop && !latencyMs) throw badInput('a rule needs an effect: error, latencyMs or drop');
    const probability = optNumber(o, 'probability', 0, 1, false) ?? 1;
    if (probability === 0) throw badInput('probability must be above 0 (and at most 1)');
    const count = optNumber(o, 'count', 1, 1_000_000);
    const ttlSeconds = optNumber(o, 'ttlSeconds', 0.001, 86_400 * 30, false);
    const now = Date.now();
    const expiresAt = ttlSeconds === undefined ? undefined : now + ttlSeconds * 1000;
    const rule: FaultRule = {
      id: `fault-${this.next++}`,
      ...(action !== undefined && { action }),
      ...(accountId !== undefined && { accountId }),
      ...(accessKeyId !== undefined && { accessKeyId }),
      ...(resourceId !== undefined && { resourceId }),
      ...(error && { error }),
      ...(latencyMs && { latencyMs }),
      ...(drop && { drop }),
      probability,
      ...(count !== undefined && { remaining: count }),
      ...(expiresAt !== undefined && { expiresAt: new Date(expiresAt).toISOString() }),
      hits: 0,
      createdAt: new Date(now).toISOString(),
    };
    this.rules = [...this.rules, { rule, action: action === undefined ? undefined : globToRegExp(action), expiresAt }];
    return { ...rule };
  }

  list(): FaultRule[] {
    this.expire(Date.now());
    return this.rules.map((r) => ({ ...r.rule }));
  }

  /** Removes one rule; false when there is none of that id. */
  remove(id: string): boolean {
    const before = this.rules.length;
    this.rules = this.rules.filter((r) => r.rule.id !== id);
    return this.rules.length < before;
  }

  /** Removes every rule, or those scoped to one account. */
  clear(accountId?: string): void {
    this.rules = accountId === undefined ? [] : this.rules.filter((r) => r.rule.accountId !== accountId);
  }

  get size(): number {
    return this.rules.length;
  }

  /** The first rule, in the order added, that matches the call and wins its draw acts on it. */
  pick(action: string, principal: Principal, params: ReadonlyMap<string, string>): Promise<InjectedFault | undefined> | undefined {
    if (this.rules.length === 0) return undefined;
    const now = Date.now();
    this.expire(now);
    for (const live of this.rules) {
      const r = live.rule;
      if (live.action && !live.action.test(action)) continue;
      if (r.accountId !== undefined && r.accountId !== principal.accountId) continue;
      if (r.accessKeyId !== undefined && r.accessKeyId !== principal.accessKeyId) continue;
      if (r.resourceId !== undefined && !carries(params, r.resourceId)) continue;
      if (r.probability < 1 && this.random() >= r.probability) continue;
      r.hits++;
      if (r.remaining !== undefined && --r.remaining === 0) this.remove(r.id);
      const fault: InjectedFault = {
        rule: r.id,
        ...(r.error && { error: new ApiError(r.error.status, r.error.code, r.error.message) }),
        ...(r.drop && { drop: true }),
      };
      return r.latencyMs ? new Promise((resolve) => setTimeout(() => resolve(fault), r.latencyMs)) : Promise.resolve(fault);
    }
    return undefined;
  }

  private expire(now: number): void {
    if (this.rules.some((r) => r.expiresAt !== undefined && r.expiresAt <= now))
      this.rules = this.rules.filter((r) => r.expiresAt === undefined || r.expiresAt > now);
  }
}

function carries(params: ReadonlyMap<string, string>, value: string): boolean {
  for (const v of params.values()) if (v === value) return true;
  return false;
}
