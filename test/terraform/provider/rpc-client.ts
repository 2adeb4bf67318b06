// The provider's RpcPost (alicloud/connectivity/client.go) as the wire sees it: tea-rpc v1.2.0's
// DoRequest with V1 HMAC-SHA1 signing, the system and signing parameters in the query string, the
// action's parameters form-encoded in the body, the provider's user agent, the SDK's own retry of 5xx
// answers and network failures (up to four tries, no pause), and its error mapping (tea.SDKError),
// followed by the provider's formatError, which also turns some HTTP 200 bodies into errors.
import { createHmac, randomBytes, randomUUID } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import { gunzipSync } from 'node:zlib';
import { flatten, goValuesEncode, stringToSignV1, type GoValue } from './go-wire.js';

export const PROVIDER_VERSION = '1.289.0';
const API_VERSION = '2016-04-28';

/** The provider block settings this client models (alicloud/provider.go), with the values a vbrd user gives. */
export interface ProviderConfig {
  /** endpoints { vpc = "host:port" }: host and port, no scheme. */
  vpcEndpoint: string;
  accessKey: string;
  secretKey: string;
  securityToken?: string;
  region: string;
  /** protocol: "HTTPS" by default in the provider; vbrd serves plain HTTP. */
  protocol: 'HTTP' | 'HTTPS';
  /** What `terraform version` would report; only the user agent shows it. */
  terraformVersion?: string;
  configurationSource?: string;
  sourceIp?: string;
  secureTransport?: string;
}

/** The provider block attributes this suite models, by their HCL names (the docs' example uses only these). */
export const MODELLED_PROVIDER_SETTINGS = [
  'access_key',
  'secret_key',
  'security_token',
  'region',
  'protocol',
  'endpoints',
  'endpoints.vpc',
  'account_type',
  'skip_region_validation',
  'configuration_source',
  'source_ip',
  'secure_transport',
] as const;

/** tea.SDKError as RpcPost returns it: Code, StatusCode, the composed Message and the body as JSON (Data). */
export class SdkError extends Error {
  constructor(
    readonly code: string,
    readonly statusCode: number,
    readonly sdkMessage: string,
    readonly data: string,
  ) {
    // Go prints these fields on separate lines; one line keeps test reports readable.
    super(`SDKError: StatusCode: ${statusCode}, Code: ${code}, Message: ${sdkMessage}`);
  }
}

/** A failure below HTTP (connection refused, a body that is not JSON): Go's error text starts with the method and URL. */
export class TransportError extends Error {}

/** One request as it left the client, for tests that assert what the provider sends. */
export interface SentRequest {
  action: string;
  url: string;
  headers: Record<string, string>;
  query: Map<string, string>;
  body: Map<string, string> | undefined;
  rawBody: string | undefined;
  status?: number;
  response?: Record<string, unknown>;
}

/** A canned answer a test puts in front of the server (throttling, 5xx, a code vbrd does not produce). */
export interface InjectedAnswer {
  status: number;
  body: Record<string, unknown>;
}

type JsonObject = Record<string, unknown>;

/** Go's `%v` of a JSON value read with UseNumber (nil prints as <nil>). */
export function goSprint(v: unknown): string {
  if (v === null || v === undefined) return '<nil>';
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}

/** tea-utils GetUserAgent over the provider's Config.getUserAgent (connectivity/config.go). */
function userAgent(c: ProviderConfig, traceId: string): string {
  const tf = c.terraformVersion ?? '1.9.8';
  const source = [
    `Default/${traceId}`,
    ...(c.configurationSource ? [...new Set(c.configurationSource.split(/\s+/).filter(Boolean))] : []),
  ].join(' ');
  const configured = `HashiCorp-Terraform/${tf} Terraform-Provider/${PROVIDER_VERSION} Terraform-Module/${source} TerraformTraceId/${traceId}`;
  return `AlibabaCloud (linux; amd64) Golang/1.24.1 Core/0.01 TeaDSL/1 ${configured}`;
}

/** tea-utils GetNonce: 32 hex digits. */
function nonce(): string {
  return randomBytes(16).toString('hex');
}

/** rpcutil.GetTimestamp: UTC, seconds, layout 2006-01-02T15:04:05Z. */
function timestamp(): string {
  return new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function send(url: URL, headers: Record<string, string>, body: string | undefined): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { method: 'POST', headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        let buf = Buffer.concat(chunks);
        // Go's transport asks for gzip and undoes it transparently.
        if (res.headers['content-encoding'] === 'gzip') buf = gunzipSync(buf);
        resolve({ status: res.statusCode ?? 0, text: buf.toString('utf8') });
      });
      res.on('error', reject);
    });
    req.on('error', (e) => reject(new TransportError(`Post "${url.href}": ${e.message}`)));
    if (body !== undefined) req.write(body);
    req.end();
  });
}

/** The provider's formatError for a successful HTTP exchange: a Code that is not a success, or a Success that is not true, with a Message, is an error. */
function formatError(body: JsonObject): SdkError | undefined {
  const hasCode = 'Code' in body || 'code' in body;
  const code = 'Code' in body ? body.Code : body.code;
  if (hasCode && !(typeof code === 'string' || typeof code === 'number')) return undefined;
  if (hasCode && ['success', 'ok'].includes(goSprint(code).toLowerCase())) return undefined;
  if (hasCode && (goSprint(code) === '200' || goSprint(code) === '0')) return undefined;
  const hasSuccess = 'Success' in body || 'success' in body;
  const success = 'Success' in body ? body.Success : body.success;
  if (hasSuccess && goSprint(success) === 'true') return undefined;
  const hasMessage = 'Message' in body || 'message' in body;
  const message = 'Message' in body ? body.Message : body.message;
  if (hasMessage && (message === null || goSprint(message) === '')) return undefined;
  // A StatusCode field would be asserted as *int in Go and panic; vbrd must never send one.
  if ('StatusCode' in body) throw new Error('provider panic: a StatusCode field in a success body is asserted as *int');
  if (hasCode || hasSuccess) return new SdkError(goSprint(code), 200, goSprint(message), JSON.stringify(body));
  return undefined;
}

export class RpcClient {
  /** Every request sent, in order (a test may clear it). */
  readonly sent: SentRequest[] = [];
  private readonly injected = new Map<string, InjectedAnswer[]>();
  readonly traceId = randomUUID();

  constructor(readonly config: ProviderConfig) {}

  get regionId(): string {
    return this.config.region;
  }

  /** Answer the next calls of `action` with these, in order, instead of sending them to the server. */
  inject(action: string, ...answers: InjectedAnswer[]): void {
    this.injected.set(action, [...(this.injected.get(action) ?? []), ...answers]);
  }

  requestsFor(action: string): SentRequest[] {
    return this.sent.filter((r) => r.action === action);
  }

  /** client.RpcPost("Vpc", "2016-04-28", action, query, body, autoRetry). */
  async rpcPost(
    action: string,
    query: Record<string, GoValue> | null,
    body: Record<string, GoValue> | null,
    autoRetry: boolean,
  ): Promise<JsonObject> {
    let lastError: unknown;
    // tea AllowRetry: the first try always; then up to maxAttempts (3) more while autoRetry and the error is retryable.
    for (let attempt = 0; attempt === 0 || (autoRetry && attempt <= 3); attempt++) {
      try {
        return await this.doRequest(action, query, body);
      } catch (e) {
        lastError = e;
        const retryable = e instanceof SdkError ? e.statusCode >= 500 : true;
        if (!retryable) break;
      }
    }
    throw lastError;
  }

  private async doRequest(
    action: string,
    query: Record<string, GoValue> | null,
    body: Record<string, GoValue> | null,
  ): Promise<JsonObject> {
    const c = this.config;
    const q = flatten({
      Action: action,
      Format: 'json',
      Timestamp: timestamp(),
      Version: API_VERSION,
      SignatureNonce: nonce(),
      ...(query ?? {}),
    });
    if (c.sourceIp !== undefined) q.set('SourceIp', c.sourceIp);
    if (c.secureTransport !== undefined) q.set('SecureTransport', c.secureTransport);
    const headers: Record<string, string> = {
      'x-acs-version': API_VERSION,
      'x-acs-action': action,
      host: c.vpcEndpoint,
      'user-agent': userAgent(c, this.traceId),
      'accept-encoding': 'gzip',
    };
    const form = body === null ? undefined : flatten(body);
    const rawBody = form === undefined ? undefined : goValuesEncode(form);
    if (rawBody !== undefined) headers['content-type'] = 'application/x-www-form-urlencoded';
    if (c.securityToken) q.set('SecurityToken', c.securityToken);
    q.set('SignatureMethod', 'HMAC-SHA1');
    q.set('SignatureVersion', '1.0');
    q.set('AccessKeyId', c.accessKey);
    const signed = new Map([...q, ...(form ?? new Map<string, string>())]);
    q.set(
      'Signature',
      createHmac('sha1', c.secretKey + '&')
        .update(stringToSignV1('POST', signed))
        .digest('base64'),
    );

    const url = new URL(`${c.protocol.toLowerCase()}://${c.vpcEndpoint}/?${goValuesEncode(q)}`);
    const record: SentRequest = { action, url: url.href, headers, query: q, body: form, rawBody };
    this.sent.push(record);

    const canned = this.injected.get(action)?.shift();
    const { status, text } = canned
      ? { status: canned.status, text: JSON.stringify(canned.body) }
      : await send(
          url,
          { ...headers, ...(rawBody !== undefined ? { 'content-length': String(Buffer.byteLength(rawBody)) } : {}) },
          rawBody,
        );
    record.status = status;
    let parsed: unknown;
    try {
      parsed = text === '' ? undefined : JSON.parse(text);
    } catch {
      throw new TransportError(`invalid character in response body of ${action} (HTTP ${status})`);
    }
    const res = (parsed !== null && typeof parsed === 'object' ? parsed : {}) as JsonObject;
    record.response = res;
    if (status >= 400 && status < 600) {
      const code = goSprint(res.Code ?? res.code);
      const message = `code: ${status}, ${goSprint(res.Message ?? res.message)} request id: ${goSprint(res.RequestId ?? res.requestId)}`;
      throw new SdkError(code, status, message, JSON.stringify(res));
    }
    const formatted = formatError(res);
    if (formatted) throw formatted;
    return res;
  }
}
