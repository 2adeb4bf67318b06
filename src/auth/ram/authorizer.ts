// The RAM authorizer: root AccessKeys pass; a RAM user's call is evaluated against the user's
// attached policies with the request's condition context. enforce denies with Forbidden.RAM, soft
// logs what would be denied and lets it through (decision SoftDeny), off lets everything through.
import type { Logger } from 'pino';
import type { RamMode } from '../../config/server-config.js';
import { apiError } from '../../errors/catalogue.js';
import type { ApiError } from '../../errors/api-error.js';
import type { StoreReader } from '../../store/store.js';
import type { AuthorizationRequest, AuthorizationResult, Authorizer } from '../authorizer.js';
import type { Principal } from '../principal.js';
import { evaluate, requestContext, type Decision } from '../policy/index.js';
import { effectivePolicies } from './effective-policies.js';
import type { RamUserData } from './model.js';

export interface RamAuthorizerOptions {
  db: StoreReader;
  mode: RamMode;
  log?: Pick<Logger, 'warn'>;
}

/** Opaque to clients (RAM's DecodeDiagnosticMessage is not served); says what was decided on what. */
function diagnostic(req: AuthorizationRequest, decision: Decision): string {
  return Buffer.from(
    JSON.stringify({ action: req.ramAction, resource: req.resource, decision, at: new Date(req.now).toISOString() }),
  ).toString('base64');
}

export function forbidden(req: AuthorizationRequest, principal: Principal, decision: Exclude<Decision, 'Allow'>): ApiError {
  return apiError('Forbidden.RAM', undefined, {
    extra: {
      AccessDeniedDetail: {
        PolicyType: 'AccountLevelIdentityBasedPolicy',
        AuthPrincipalOwnerId: principal.accountId,
        AuthPrincipalType: 'SubUser',
        AuthPrincipalDisplayName: principal.userName ?? principal.accessKeyId,
        NoPermissionType: decision,
        AuthAction: req.ramAction,
        EncodedDiagnosticMessage: diagnostic(req, decision),
      },
    },
  });
}

export class RamAuthorizer implements Authorizer {
  constructor(private readonly opts: RamAuthorizerOptions) {}

  async authorize(req: AuthorizationRequest): Promise<AuthorizationResult> {
    const { principal } = req;
    if (principal.type === 'Root') return { decision: 'Root' };
    if (this.opts.mode === 'off') return { decision: 'Allow' };
    const decision = await this.decide(req);
    if (decision === 'Allow') return { decision: 'Allow' };
    if (this.opts.mode === 'soft') {
      this.opts.log?.warn(
        { principal: principal.userName, accountId: principal.accountId, action: req.ramAction, resource: req.resource, decision },
        'RAM would deny (soft mode)',
      );
      return { decision: 'SoftDeny' };
    }
    throw forbidden(req, principal, decision);
  }

  private async decide(req: AuthorizationRequest): Promise<Decision> {
    const userId = req.principal.userId;
    const user = userId ? await this.opts.db.get<RamUserData>('RamUser', userId) : undefined;
    // The user vanished between authentication and here: nothing can allow the call.
    if (!user || user.accountId !== req.principal.accountId) return 'ImplicitDeny';
    const policies = await effectivePolicies(this.opts.db, user);
    const context = requestContext({
      currentTime: new Date(req.now),
      secureTransport: req.secure,
      sourceIp: req.sourceIp,
      mfaPresent: false,
    });
    return evaluate(policies, { action: req.ramAction, resource: req.resource, context }).decision;
  }
}
