// The authorization seam of the request pipeline: given who calls, which RAM action and which
// resource ARN, allow or throw Forbidden.RAM.
import type { Principal } from './principal.js';

export interface AuthorizationRequest {
  principal: Principal;
  /** e.g. vpc:CreateBgpPeer */
  ramAction: string;
  resource: string;
  sourceIp: string;
  secure: boolean;
  now: number;
}

export interface AuthorizationResult {
  decision: 'Root' | 'Allow' | 'SoftDeny';
}

export interface Authorizer {
  /** Resolves when allowed; rejects with Forbidden.RAM (ApiError) when denied. */
  authorize(req: AuthorizationRequest): Promise<AuthorizationResult>;
}

/** Root AccessKeys are not subject to RAM policies. */
export const rootOnlyAuthorizer: Authorizer = {
  authorize: (req) =>
    req.principal.type === 'Root'
      ? Promise.resolve({ decision: 'Root' })
      : Promise.reject(new Error('RAM users are not supported without the RAM authorizer')),
};
