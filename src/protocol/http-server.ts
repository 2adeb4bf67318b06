// The HTTP front: reads the body, hands the request to the pipeline, writes JSON, logs one line.
import { createServer, maxHeaderSize, STATUS_CODES, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer, type Server as HttpsServer } from 'node:https';
import type { Duplex } from 'node:stream';
import type { Logger } from 'pino';
import { apiError } from '../errors/catalogue.js';
import type { ApiError } from '../errors/api-error.js';
import { buildRpcRequest, newRequestId } from './request.js';
import { errorBody, errorOutcome, type RpcOutcome } from './envelope.js';
import { stringifyBody } from './raw-json.js';
import type { RpcRequest } from './request.js';
import { atEndOfPass } from '../util/end-of-pass.js';
import type { TlsIdentity } from '../config/tls-files.js';

const MAX_BODY = 1 << 20;
const JSON_TYPE = 'application/json;charset=utf-8';
const EMPTY = Buffer.alloc(0);

/** A request to a path under /_vbrd/ (health, the control API, metrics): its body is read on demand. */
export interface InternalRequest {
  requestId: string;
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingMessage['headers'];
  /** Loopback or not is for the handler to judge (the control API's access rule). */
  remoteAddress: string;
  localAddress: string;
  /** The body, refused (rejected) past maxBytes. */
  readBody(maxBytes: number): Promise<Buffer>;
}

export interface InternalAnswer {
  status: number;
  /** A string is sent as it is; anything else as JSON. */
  body: unknown;
  contentType?: string;
  headers?: Record<string, string>;
}

/** Where vbrd's own signed read actions are called (RPC like `/`, with vbrd's registry). */
export const EXTENSION_RPC_PATH = '/_vbrd/api';
/** Where the console's files are served. */
export const CONSOLE_PATH = '/console/';

/** A file served as it is (the console). */
export interface StaticFile {
  body: Buffer;
  contentType: string;
  headers?: Record<string, string>;
}

export interface HttpHandlers {
  rpc(req: RpcRequest): Promise<RpcOutcome>;
  /** RPC calls at EXTENSION_RPC_PATH (absent: 404 in the envelope, as any other path). */
  extensionRpc?(req: RpcRequest): Promise<RpcOutcome>;
  /** Files under CONSOLE_PATH, by their path below it (absent, or undefined for a file: 404). */
  console?(file: string): StaticFile | undefined;
  /** Paths under /_vbrd/: undefined for 404. */
  internal(req: InternalRequest): Promise<InternalAnswer | undefined>;
  /** Told of every answered RPC request (the journal and metrics): keep it cheap, it is on every request's path. */
  answered?(req: RpcRequest, outcome: RpcOutcome, ms: number): void;
}

/** The body of a request larger than its handler accepts. */
export class BodyTooLargeError extends Error {
  constructor(readonly maxBytes: number) {
    super(`the request body is larger than ${maxBytes} bytes`);
    this.name = 'BodyTooLargeError';
  }
}

function send(
  res: ServerResponse,
  status: number,
  body: string,
  requestId: string,
  contentType = JSON_TYPE,
  headers: Record<string, string> = {},
): void {
  res.writeHead(status, {
    ...headers,
    'content-type': contentType,
    'content-length': Buffer.byteLength(body),
    'x-acs-request-id': requestId,
  });
  res.end(body);
}

function readBody(msg: IncomingMessage, maxBytes: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let refused = false;
    msg.on('data', (c: Buffer) => {
      size += c.length;
      if (size > maxBytes) refused = true;
      else chunks.push(c);
    });
    msg.on('end', () => (refused ? reject(new BodyTooLargeError(maxBytes)) : resolve(Buffer.concat(chunks))));
    msg.on('error', reject);
  });
}

function handleInternal(h: HttpHandlers, msg: IncomingMessage, res: ServerResponse, requestId: string, log: Logger): void {
  const url = msg.url ?? '/';
  const qi = url.indexOf('?');
  let body: Promise<Buffer> | undefined;
  const req: InternalRequest = {
    requestId,
    method: (msg.method ?? 'GET').toUpperCase(),
    path: qi >= 0 ? url.slice(0, qi) : url,
    query: new URLSearchParams(qi >= 0 ? url.slice(qi + 1) : ''),
    headers: msg.headers,
    remoteAddress: msg.socket.remoteAddress ?? '',
    localAddress: msg.socket.localAddress ?? '',
    readBody: (maxBytes) => (body ??= readBody(msg, maxBytes)),
  };
  h.internal(req).then(
    (r) => {
      if (!r) return send(res, 404, JSON.stringify({ error: 'not found' }), requestId);
      const text = typeof r.body === 'string' ? r.body : JSON.stringify(r.body);
      send(res, r.status, text, requestId, r.contentType, r.headers);
    },
    (e: unknown) => {
      log.error({ requestId, path: req.path, err: e }, 'internal endpoint failed unexpectedly');
      send(res, 500, JSON.stringify({ error: 'internal error' }), requestId);
    },
  );
}

function serveConsole(files: NonNullable<HttpHandlers['console']>, msg: IncomingMessage, res: ServerResponse, requestId: string): void {
  const path = (msg.url ?? '/').split('?')[0]!;
  if (path === '/console') {
    res.writeHead(308, { location: CONSOLE_PATH, 'content-length': 0, 'x-acs-request-id': requestId });
    res.end();
    return;
  }
  if (msg.method !== 'GET' && msg.method !== 'HEAD') {
    return send(res, 405, JSON.stringify({ error: 'GET only' }), requestId, JSON_TYPE, { allow: 'GET, HEAD' });
  }
  const file = files(path.slice(CONSOLE_PATH.length) || 'index.html');
  if (!file) return send(res, 404, JSON.stringify({ error: 'not found' }), requestId);
  res.writeHead(200, {
    ...file.headers,
    'content-type': file.contentType,
    'content-length': file.body.length,
    'x-acs-request-id': requestId,
  });
  res.end(msg.method === 'HEAD' ? undefined : file.body);
}

/**
 * Answers finished during one pass of the event loop go out together, at its end. On a VM, the write
 * that wakes an idle client costs several times the write itself; writing the answers of a busy pass
 * back to back wakes it once. The answers of a group commit go out in the pass that committed it.
 */
let pending: (() => void)[] = [];

function sendSoon(res: ServerResponse, status: number, body: string, requestId: string): void {
  if (pending.length === 0) {
    atEndOfPass(() => {
      const writes = pending;
      pending = [];
      for (const write of writes) write();
    });
  }
  pending.push(() => send(res, status, body, requestId));
}

/** The API's server: HTTP, or HTTPS when given a TLS identity (its setSecureContext swaps it while serving). */
export type ApiServer = Server | HttpsServer;

/**
 * How long a client may take: the README promises 408 for headers not complete within 60 s. Node checks
 * the limits every `checkEveryMs`; its default of 30 s would let slow headers sit for 90 s.
 */
export interface RequestTimeouts {
  headersMs: number;
  requestMs: number;
  checkEveryMs: number;
}

export const DEFAULT_TIMEOUTS: RequestTimeouts = { headersMs: 60_000, requestMs: 300_000, checkEveryMs: 1_000 };

export function createHttpServer(h: HttpHandlers, log: Logger, tls?: TlsIdentity, timeouts: RequestTimeouts = DEFAULT_TIMEOUTS): ApiServer {
  const handle = (msg: IncomingMessage, res: ServerResponse, started: bigint, requestId: string, body: Buffer, tooLarge: boolean) => {
    const path = (msg.url ?? '/').split('?')[0];
    const req = buildRpcRequest(msg, body, requestId);
    const serve = path === '/' ? h.rpc : path === EXTENSION_RPC_PATH ? h.extensionRpc : undefined;
    const outcome: Promise<RpcOutcome> =
      tooLarge || !serve
        ? Promise.resolve(
            errorOutcome(
              req,
              tooLarge
                ? apiError('InvalidParameter', 'body', { message: 'The request body is larger than 1 MiB.' })
                : apiError('InvalidAction.NotFound'),
            ),
          )
        : serve(req);
    void outcome.then((o) => {
      // A fault rule's dropped connection: no answer, as when a network path fails mid-request.
      if (o.drop) res.socket?.destroy();
      else sendSoon(res, o.status, stringifyBody(o.body), requestId);
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      h.answered?.(req, o, ms);
      const line = { requestId, action: o.action, account: o.accountId, code: o.code, status: o.status, ms: Math.round(ms * 100) / 100 };
      if (o.internal) log.error({ ...line, err: o.internal }, 'request failed unexpectedly');
      else log.info(line, 'request');
    });
  };
  const onRequest = (msg: IncomingMessage, res: ServerResponse) => {
    const started = process.hrtime.bigint();
    const requestId = newRequestId();
    // HTTP/1.1 demands a Host (RFC 9112 §3.2); Node would refuse its absence with a bare 400.
    if (msg.headers.host === undefined && msg.httpVersion === '1.1')
      return refuseRequest(res, apiError('InvalidParameter', 'Host'), requestId, log);
    const url = msg.url ?? '/';
    if (url.startsWith('/_vbrd/') && url.split('?')[0] !== EXTENSION_RPC_PATH) return handleInternal(h, msg, res, requestId, log);
    if (h.console && (url === '/console' || url.startsWith(CONSOLE_PATH))) return serveConsole(h.console, msg, res, requestId);
    // No body to wait for (most SDK calls carry their parameters in the query): answer without
    // reading the stream; Node drains it when the response ends. The headers tell (RFC 9112 §6.3):
    // `msg.complete` cannot, as the request event comes before the parser reaches the message's end.
    if (hasNoBody(msg)) return handle(msg, res, started, requestId, EMPTY, false);
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    msg.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY) tooLarge = true;
      else chunks.push(c);
    });
    msg.on('end', () => handle(msg, res, started, requestId, Buffer.concat(chunks), tooLarge));
  };
  const options = {
    requireHostHeader: false,
    headersTimeout: timeouts.headersMs,
    requestTimeout: timeouts.requestMs,
    connectionsCheckingInterval: timeouts.checkEveryMs,
  };
  const server: ApiServer = tls
    ? createHttpsServer({ ...options, cert: tls.cert, key: tls.key }, onRequest)
    : createServer(options, onRequest);
  server.on('clientError', (err: NodeJS.ErrnoException, socket: Duplex) => refuseUnparsable(err, socket, log));
  // What Node would answer by itself (a bare 417, or a closed socket for CONNECT) gets the envelope.
  server.on('checkExpectation', (msg: IncomingMessage, res: ServerResponse) =>
    refuseRequest(
      res,
      apiError('InvalidParameter', 'Expect', {
        status: 417,
        message: `The specified parameter "Expect" is not valid: only 100-continue is supported.`,
      }),
      newRequestId(),
      log,
    ),
  );
  server.on('connect', (_msg: IncomingMessage, socket: Duplex) => writeRefusal(socket, apiError('UnsupportedHTTPMethod'), log, 'CONNECT'));
  return server;
}

/** An error answer to a parsed request, in the envelope, closing the connection. */
function refuseRequest(res: ServerResponse, e: ApiError, requestId: string, log: Logger): void {
  res.shouldKeepAlive = false;
  send(res, e.status, JSON.stringify(errorBody({ requestId, headers: {} }, e)), requestId, JSON_TYPE, { connection: 'close' });
  log.info({ requestId, code: e.code, status: e.status }, 'request refused before the API');
}

/**
 * A request Node's parser refused before it became a request (broken framing, oversized headers, a
 * client too slow to send them) gets the envelope every other error has, where Node would answer a
 * bare status line that SDKs cannot read; then the connection closes, as its framing is lost.
 */
function refuseUnparsable(err: NodeJS.ErrnoException, socket: Duplex, log: Logger): void {
  const answering = (socket as Duplex & { _httpMessage?: ServerResponse })._httpMessage;
  if (err.code === 'ECONNRESET' || !socket.writable || answering?.headersSent) {
    socket.destroy();
    return;
  }
  const e =
    err.code === 'HPE_HEADER_OVERFLOW'
      ? apiError('InvalidParameter', 'headers', { status: 431, message: `The request's headers are larger than ${maxHeaderSize} bytes.` })
      : err.code === 'ERR_HTTP_REQUEST_TIMEOUT'
        ? apiError('InvalidParameter', 'request', { status: 408, message: 'The request did not arrive in time.' })
        : apiError('InvalidParameter', 'request', { message: `The request is not valid HTTP/1.1 (${err.code ?? 'unparsable'}).` });
  writeRefusal(socket, e, log, err.code);
}

/** The envelope written straight to a socket whose framing is lost (or was never HTTP's), then closed. */
function writeRefusal(socket: Duplex, e: ApiError, log: Logger, reason: string | undefined): void {
  const requestId = newRequestId();
  const body = JSON.stringify(errorBody({ requestId, headers: {} }, e));
  socket.end(
    `HTTP/1.1 ${e.status} ${STATUS_CODES[e.status]}\r\ncontent-type: ${JSON_TYPE}\r\n` +
      `content-length: ${Buffer.byteLength(body)}\r\nx-acs-request-id: ${requestId}\r\nconnection: close\r\n\r\n${body}`,
  );
  log.info({ requestId, code: e.code, status: e.status, reason }, 'request refused by the HTTP parser');
}

/** A request without Transfer-Encoding and with no or a zero Content-Length has an empty body. */
function hasNoBody(msg: IncomingMessage): boolean {
  const length = msg.headers['content-length'];
  return msg.headers['transfer-encoding'] === undefined && (length === undefined || length === '0');
}
