// The routes under /_vbrd/: health (open to all), then the control API and the metrics behind the
// access rule (access.ts). JSON in and out; errors as {"error": {"code", "message"}} with a 4xx status.
import type { InternalAnswer, InternalRequest } from '../protocol/http-server.js';
import { BodyTooLargeError } from '../protocol/http-server.js';
import { admit, type AccessRule } from './access.js';
import type { Caller, Control } from './control.js';
import { ControlError, parseJson } from './input.js';
import { journalFilter } from './journal.js';

/** A state document may be large; other bodies are small. */
const MAX_STATE_BODY = 256 * 1024 * 1024;
const MAX_BODY = 1024 * 1024;

interface HandlerArgs {
  req: InternalRequest;
  params: string[];
  body: () => Promise<unknown>;
}
/** The audit trail's name for the call, and what serves it. */
type Handler = readonly [action: string, serve: (call: HandlerArgs) => Promise<InternalAnswer>];

const ok = (body: unknown, status = 200): InternalAnswer => ({ status, body });
const done = (): InternalAnswer => ({ status: 204, body: '' });

interface Route {
  path: RegExp;
  methods: Partial<Record<string, Handler>>;
}

function routes(control: Control): Route[] {
  const peer = (what: string, method: string, action: string, fn: (id: string, body: unknown) => Promise<void>): Route => ({
    path: new RegExp(`^/_vbrd/peers/([^/]+)/${what}$`),
    methods: {
      [method]: [
        action,
        async ({ params, body }: HandlerArgs) => {
          await fn(params[0]!, await body());
          return done();
        },
      ],
    },
  });
  return [
    { path: /^\/_vbrd\/reset$/, methods: { POST: ['Reset', async ({ body }) => ok(await control.reset(await body()))] } },
    {
      path: /^\/_vbrd\/state$/,
      methods: {
        GET: ['ExportState', async ({ req }) => ok(await control.exportState(req.query.get('accountId') ?? undefined))],
        PUT: ['ImportState', async ({ req, body }) => ok(await control.importState(await body(), req.query.get('accountId') ?? undefined))],
      },
    },
    {
      path: /^\/_vbrd\/faults$/,
      methods: {
        GET: ['ListFaults', () => Promise.resolve(ok(control.listFaults()))],
        POST: ['AddFault', async ({ body }) => ok(control.addFault(await body()), 201)],
        DELETE: ['DeleteFaults', () => Promise.resolve((control.clearFaults(), done()))],
      },
    },
    {
      path: /^\/_vbrd\/faults\/([^/]+)$/,
      methods: { DELETE: ['DeleteFault', ({ params }) => Promise.resolve((control.removeFault(params[0]!), done()))] },
    },
    peer('session', 'PUT', 'SetSession', (id, b) => control.setSession(id, b)),
    peer('flap', 'POST', 'FlapSession', (id, b) => control.flap(id, b)),
    peer('routes', 'PUT', 'SetReceivedRoutes', (id, b) => control.setRoutes(id, b)),
    peer('link', 'PUT', 'ImpairLink', (id, b) => control.impairLink(id, b)),
    {
      path: /^\/_vbrd\/timings$/,
      methods: {
        GET: ['GetTimings', () => Promise.resolve(ok(control.timings()))],
        PATCH: ['SetTimings', async ({ body }) => ok(control.setTimings(await body()))],
      },
    },
    { path: /^\/_vbrd\/settle$/, methods: { POST: ['Settle', async ({ body }) => ok(await control.settle(await body()))] } },
    {
      path: /^\/_vbrd\/journal$/,
      methods: {
        GET: ['ReadJournal', ({ req }) => Promise.resolve(ok(control.journal(journalFilter(req.query))))],
        DELETE: ['ClearJournal', () => Promise.resolve((control.clearJournal(), done()))],
      },
    },
  ];
}

function errorAnswer(e: ControlError): InternalAnswer {
  return { status: e.status, body: { error: { code: e.code, message: e.message } }, headers: e.headers };
}

export interface InternalRoutesOptions {
  control: Control;
  access: AccessRule;
  health(): unknown;
}

/** The handler of every path under /_vbrd/ (undefined: 404). */
export function internalRoutes(o: InternalRoutesOptions): (req: InternalRequest) => Promise<InternalAnswer | undefined> {
  const table = routes(o.control);
  return async (req) => {
    if (req.path === '/_vbrd/health') return ok(o.health());
    const route = table.find((r) => r.path.test(req.path));
    const isMetrics = req.path === '/_vbrd/metrics';
    if (!route && !isMetrics) return undefined;
    const sourceIp = req.remoteAddress.startsWith('::ffff:') ? req.remoteAddress.slice(7) : req.remoteAddress;
    let caller: Caller;
    try {
      const how = admit(o.access, { ...req, authorization: String(req.headers.authorization ?? '') });
      caller = { principal: `control:${how}`, sourceIp };
    } catch (e) {
      const err = e as ControlError;
      await o.control.refused({ principal: 'control:refused', sourceIp }, `${req.method} ${req.path}`, err.code).catch(() => undefined);
      return errorAnswer(err);
    }
    if (isMetrics) {
      if (req.method !== 'GET') return errorAnswer(new ControlError(405, 'MethodNotAllowed', 'GET only', { allow: 'GET' }));
      const m = await o.control.metrics();
      return { status: 200, body: m.text, contentType: m.contentType };
    }
    const handler = route!.methods[req.method];
    if (!handler) {
      const allow = Object.keys(route!.methods).join(', ');
      return errorAnswer(new ControlError(405, 'MethodNotAllowed', `${req.method} is not served here (${allow})`, { allow }));
    }
    const params = route!.path.exec(req.path)!.slice(1).map(decodeURIComponent);
    const limit = req.path === '/_vbrd/state' ? MAX_STATE_BODY : MAX_BODY;
    const body = async () => {
      try {
        return parseJson(await req.readBody(limit));
      } catch (e) {
        if (e instanceof BodyTooLargeError) throw new ControlError(413, 'TooLarge', e.message);
        throw e;
      }
    };
    const [action, serve] = handler;
    try {
      return await o.control.audited(caller, action, decodeURIComponent(req.path.slice('/_vbrd/'.length)), () =>
        serve({ req, params, body }),
      );
    } catch (e) {
      if (e instanceof ControlError) return errorAnswer(e);
      throw e;
    }
  };
}
