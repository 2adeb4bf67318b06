// What an RPC request is answered with: the HTTP status, the JSON body (a success body or Alibaba's
// error envelope) and what the request log records about it.
import type { Principal } from '../auth/principal.js';
import type { ApiError } from '../errors/api-error.js';
import { header, type RpcRequest } from './request.js';

export interface RpcOutcome {
  status: number;
  body: Record<string, unknown>;
  action?: string;
  accountId?: string;
  principal?: Principal;
  code: string;
  /** Unexpected failures, for the log (never sent to the client). */
  internal?: unknown;
  /** The fault rule that acted on this request, if one did. */
  fault?: string;
  /** Close the connection without answering (a fault rule's doing). */
  drop?: boolean;
}

/** Alibaba's error envelope: RequestId, HostId, Code, Message, Recommend, and the error's extra fields. */
export function errorBody(req: Pick<RpcRequest, 'requestId' | 'headers'>, e: ApiError): Record<string, unknown> {
  const host = header(req, 'host') || 'vpc.aliyuncs.com';
  return {
    RequestId: req.requestId,
    HostId: host,
    Code: e.code,
    Message: e.message,
    Recommend: `https://api.aliyun.com/troubleshoot?q=${encodeURIComponent(e.code)}&product=Vpc&requestId=${req.requestId}`,
    ...e.extra,
  };
}

/** The outcome of a request refused before any action ran. */
export function errorOutcome(req: Pick<RpcRequest, 'requestId' | 'headers'>, e: ApiError): RpcOutcome {
  return { status: e.status, code: e.code, body: errorBody(req, e) };
}
