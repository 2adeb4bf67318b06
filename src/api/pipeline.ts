// The request pipeline, in one visible order:
//   request id → parse → resolve action → verify the signature → faults → use the nonce up →
//   parameters → region → authorize → client-token idempotency + handler in one transaction →
//   tell the control loops → serialize.
// Faults come after the signature (a rule may match the caller's account or AccessKey) and before
// anything is used up or written: a faulted request leaves no trace but its journal entry.
import { ApiError } from '../errors/api-error.js';
import { apiError } from '../errors/catalogue.js';
import { claimNonce, verifySignature, type AuthenticateDeps } from '../protocol/authenticate.js';
import { errorBody, type RpcOutcome } from '../protocol/envelope.js';
import { header, type RpcRequest } from '../protocol/request.js';
import type { AuthorizationRequest, AuthorizationResult, Authorizer } from '../auth/authorizer.js';
import type { CredentialSource, Principal } from '../auth/principal.js';
import { lockKeys } from '../domain/lock-keys.js';
import type { ActionDef, Body, Product, ReadContext, Services } from './action.js';
import { noteChanges, type Changes } from './change-notes.js';
import { clientTokenOf } from './idempotency.js';
import { VERSIONS } from './api-version.js';
import { parseParams } from './params.js';
import { Registry, UNIMPLEMENTED_VPC_ACTIONS } from './registry.js';

/** What a fault rule made of a call: the rule, and an error to answer or the connection to drop. */
export interface InjectedFault {
  rule: string;
  error?: ApiError;
  drop?: boolean;
}

/**
 * The fault step (its rules live in src/control/): asked about every call whose signature holds.
 * Undefined at once when no rule picks the call; else it resolves once any added latency has passed.
 */
export interface FaultStep {
  pick(action: string, principal: Principal, params: ReadonlyMap<string, string>): Promise<InjectedFault | undefined> | undefined;
}

export interface PipelineDeps {
  registry: Registry;
  services: Services;
  credentials: CredentialSource;
  authorizer: Authorizer;
  faults?: FaultStep;
}

function resolveAction(req: RpcRequest, registry: Registry): ActionDef {
  const v3 = header(req, 'authorization').startsWith('ACS3-');
  const action = (v3 ? header(req, 'x-acs-action') : (req.params.get('Action') ?? header(req, 'x-acs-action'))) || '';
  const version = (v3 ? header(req, 'x-acs-version') : (req.params.get('Version') ?? header(req, 'x-acs-version'))) || '';
  if (!action) throw apiError('MissingParameter', 'Action');
  if (!version) throw apiError('MissingParameter', 'Version');
  const product: Product | undefined = VERSIONS[version];
  const def = product && registry.get(product, action);
  if (def) return def;
  if (product === 'vpc' && UNIMPLEMENTED_VPC_ACTIONS.has(action)) throw apiError('UnsupportedOperation', action);
  throw apiError('InvalidAction.NotFound');
}

export async function handleRpc(req: RpcRequest, deps: PipelineDeps): Promise<RpcOutcome> {
  let def: ActionDef | undefined;
  let principal: Principal | undefined;
  let resource = '';
  let fault: InjectedFault | undefined;
  try {
    if (req.method !== 'GET' && req.method !== 'POST') throw apiError('UnsupportedHTTPMethod');
    def = resolveAction(req, deps.registry);
    const services = deps.services;
    const authDeps: AuthenticateDeps = {
      credentials: deps.credentials,
      claimNonce: (n, exp) => services.store.claimNonce(n, exp),
      maxClockSkewSeconds: services.config.maxClockSkewSeconds,
    };
    const verified = await verifySignature(req, authDeps);
    principal = verified.principal;
    const picked = deps.faults?.pick(def.name, principal, req.params);
    if (picked) {
      fault = await picked;
      if (fault?.drop)
        return {
          status: 0,
          body: {},
          action: def.name,
          accountId: principal.accountId,
          principal,
          code: 'Dropped',
          fault: fault.rule,
          drop: true,
        };
      if (fault?.error) throw fault.error;
    }
    await claimNonce(authDeps, verified);
    const p = parseParams(def.params, req.params) as Record<string, unknown>;
    const ctx: ReadContext = {
      requestId: req.requestId,
      principal,
      accountId: principal.accountId,
      sourceIp: req.sourceIp,
      secure: req.secure,
      now: Date.now(),
      services,
      db: services.store,
    };
    if ('RegionId' in def.params) {
      const regionId = p.RegionId as string;
      ctx.region = services.seed.regions.find((r) => r.regionId === regionId);
      if (!ctx.region)
        throw apiError('InvalidRegionId.NotFound', undefined, def.regionNotFoundMessage ? { message: def.regionNotFoundMessage } : {});
    }
    const resources = [await def.resource(ctx, p as never)].flat();
    resource = resources.join(',');
    const decision = await authorizeAll(deps.authorizer, resources, {
      principal,
      ramAction: def.ramAction ?? `${def.product}:${def.name}`,
      sourceIp: req.sourceIp,
      secure: req.secure,
      now: ctx.now,
    });
    const body = def.mutating ? await runMutation(def, ctx, p, resource, decision, req) : await def.run(ctx, p as never);
    return {
      status: 200,
      body: { RequestId: req.requestId, ...body },
      action: def.name,
      accountId: principal.accountId,
      principal,
      code: 'OK',
      fault: fault?.rule,
    };
  } catch (e) {
    const err = e instanceof ApiError ? e : apiError('InternalError');
    const outcome: RpcOutcome = {
      status: err.status,
      body: errorBody(req, err),
      action: def?.name,
      accountId: principal?.accountId,
      principal,
      code: err.code,
      internal: e instanceof ApiError ? undefined : e,
      fault: fault?.rule,
    };
    // A faulted request writes nothing, not even to the audit trail: it never reached the service.
    if (def && principal && fault?.error !== e && (def.mutating || err.code === 'Forbidden.RAM'))
      await auditFailure(deps, req, def, principal, resource, err).catch(() => undefined);
    return outcome;
  }
}

/** Every resource must be allowed; the decision recorded is the weakest (a soft deny of any one). */
async function authorizeAll(
  authorizer: Authorizer,
  resources: string[],
  req: Omit<AuthorizationRequest, 'resource'>,
): Promise<AuthorizationResult['decision']> {
  let decision: AuthorizationResult['decision'] | undefined;
  for (const resource of resources) {
    const d = (await authorizer.authorize({ ...req, resource })).decision;
    if (decision === undefined || d === 'SoftDeny') decision = d;
  }
  return decision ?? (await authorizer.authorize({ ...req, resource: '*' })).decision;
}

async function runMutation(
  def: ActionDef & { mutating: true },
  ctx: ReadContext,
  p: Record<string, unknown>,
  resource: string,
  decision: 'Root' | 'Allow' | 'SoftDeny',
  req: RpcRequest,
): Promise<Body> {
  const client = clientTokenOf(def.params, p);
  const locks = [...(await def.locks(ctx, p as never))];
  if (client) locks.push(lockKeys.clientToken(ctx.accountId, def.name, client.token));
  const changes: Changes = { vbrIds: new Set() };
  const body = await ctx.services.store.transaction(locks, async (tx) => {
    if (client) {
      const seen = await tx.getIdempotency(ctx.accountId, def.name, client.token);
      if (seen) {
        if (seen.paramsHash !== client.paramsHash) throw apiError('IdempotentParameterMismatch');
        return seen.response;
      }
    }
    const result = await def.run({ ...ctx, db: noteChanges(tx, changes) }, p as never);
    if (client) await tx.putIdempotency(ctx.accountId, def.name, client.token, { paramsHash: client.paramsHash, response: result });
    await tx.audit({
      time: ctx.now,
      accountId: ctx.accountId,
      principal: principalName(ctx.principal),
      action: `${def.product}:${def.name}`,
      resource,
      decision,
      code: 'OK',
      requestId: req.requestId,
      sourceIp: req.sourceIp,
    });
    return result;
  });
  ctx.services.notify(changes);
  return body;
}

export function principalName(p: Principal): string {
  return p.type === 'Root' ? `root:${p.accountId}` : `user:${p.userName ?? p.userId ?? p.accessKeyId}`;
}

async function auditFailure(
  deps: PipelineDeps,
  req: RpcRequest,
  def: ActionDef,
  principal: Principal,
  resource: string,
  err: ApiError,
): Promise<void> {
  const denied = err.code === 'Forbidden.RAM';
  const detail = err.extra?.AccessDeniedDetail as { NoPermissionType?: string } | undefined;
  await deps.services.store.transaction([], (tx) =>
    tx.audit({
      time: Date.now(),
      accountId: principal.accountId,
      principal: principalName(principal),
      action: `${def.product}:${def.name}`,
      resource,
      decision: denied ? (detail?.NoPermissionType === 'ExplicitDeny' ? 'ExplicitDeny' : 'ImplicitDeny') : 'Allow',
      code: err.code,
      requestId: req.requestId,
      sourceIp: req.sourceIp,
    }),
  );
}
