// An Alibaba RPC request as received: both parameter sources kept apart (the two signatures treat
// them differently) and merged for the action.
import type { IncomingMessage } from 'node:http';
import { randomUUID } from 'node:crypto';

export interface RpcRequest {
  requestId: string;
  method: string;
  headers: IncomingMessage['headers'];
  /** Decoded URL query pairs in arrival order. */
  query: [string, string][];
  /** Decoded form-body pairs (application/x-www-form-urlencoded only). */
  form: [string, string][];
  body: Buffer;
  /** query ∪ form; a name in both takes the form's value. */
  params: Map<string, string>;
  sourceIp: string;
  secure: boolean;
  receivedAt: number;
}

export function newRequestId(): string {
  return randomUUID().toUpperCase();
}

export function header(req: Pick<RpcRequest, 'headers'>, name: string): string {
  const v = req.headers[name];
  return Array.isArray(v) ? v.join(',') : (v ?? '');
}

export function buildRpcRequest(msg: IncomingMessage, body: Buffer, requestId: string): RpcRequest {
  const url = msg.url ?? '/';
  const qi = url.indexOf('?');
  const query = qi >= 0 ? [...new URLSearchParams(url.slice(qi + 1))] : [];
  const type = (msg.headers['content-type'] ?? '').toLowerCase();
  const form = type.startsWith('application/x-www-form-urlencoded') && body.length ? [...new URLSearchParams(body.toString('utf8'))] : [];
  const params = new Map<string, string>(query);
  for (const [k, v] of form) params.set(k, v);
  const ip = msg.socket.remoteAddress ?? '';
  return {
    requestId,
    method: (msg.method ?? 'GET').toUpperCase(),
    headers: msg.headers,
    query,
    form,
    body,
    params,
    sourceIp: ip.startsWith('::ffff:') ? ip.slice(7) : ip,
    secure: 'encrypted' in msg.socket && Boolean((msg.socket as { encrypted?: boolean }).encrypted),
    receivedAt: Date.now(),
  };
}
