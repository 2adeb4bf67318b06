// The HTTP front on one keep-alive connection: requests without a body are answered without reading
// the stream, requests with one only after all of it arrived (also when it follows the headers
// later), and neither leaves the connection unusable. Requests Node's parser refuses get the envelope.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import net from 'node:net';
import { Duplex } from 'node:stream';
import pino from 'pino';
import { createHttpServer, DEFAULT_TIMEOUTS } from '../../src/protocol/http-server.js';
import { startHarness, type Harness } from '../support/harness.js';

/** An answer as it came off the socket: status, headers, body parsed as JSON. */
function parseAnswer(raw: string): { status: number; headers: Map<string, string>; body: Record<string, unknown> } {
  const [head, body] = raw.split('\r\n\r\n');
  const [statusLine, ...lines] = head.split('\r\n');
  const headers = new Map(lines.map((l) => [l.slice(0, l.indexOf(':')).toLowerCase(), l.slice(l.indexOf(':') + 1).trim()]));
  return { status: Number(statusLine.split(' ')[1]), headers, body: JSON.parse(body) as Record<string, unknown> };
}

function assertEnvelope(a: ReturnType<typeof parseAnswer>, status: number, reason: RegExp, code = 'InvalidParameter'): void {
  assert.equal(a.status, status);
  assert.equal(a.headers.get('connection'), 'close');
  assert.equal(a.body.Code, code);
  assert.match(String(a.body.Message), reason);
  assert.match(String(a.body.RequestId), /^[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}$/);
  assert.equal(a.headers.get('x-acs-request-id'), a.body.RequestId);
  assert.equal(typeof a.body.HostId, 'string');
  assert.equal(typeof a.body.Recommend, 'string');
}

describe('HTTP front', () => {
  let h: Harness;
  let agent: http.Agent;
  before(async () => {
    h = await startHarness();
    agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  });
  after(async () => {
    agent.destroy();
    await h?.close();
  });

  /** POST / with an optional form body, on the one pooled socket; the error code and the socket's local port. */
  const post = (body?: string | Buffer) =>
    new Promise<{ status: number; code: string; port: number }>((resolve, reject) => {
      const [host, port] = h.endpoint.split(':');
      const req = http.request(
        {
          host,
          port: Number(port),
          method: 'POST',
          path: '/',
          agent,
          headers:
            body === undefined
              ? { 'content-length': '0' }
              : { 'content-type': 'application/x-www-form-urlencoded', 'content-length': String(Buffer.byteLength(body)) },
        },
        (res) => {
          const local = res.socket.localPort!;
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => resolve({ status: res.statusCode!, code: JSON.parse(Buffer.concat(chunks).toString()).Code, port: local }));
        },
      );
      req.on('error', reject);
      req.end(body);
    });

  it('answers bodiless and form requests, and a too large body, one after another on the same connection', async () => {
    const first = await post();
    assert.deepEqual({ status: first.status, code: first.code }, { status: 400, code: 'MissingParameter' });
    // The form's Action was read: an unknown one, not a missing one.
    const form = await post('Action=NoSuchAction&Version=2016-04-28');
    assert.deepEqual({ status: form.status, code: form.code }, { status: 404, code: 'InvalidAction.NotFound' });
    const big = await post(Buffer.alloc((1 << 20) + 1, 'a'));
    assert.deepEqual({ status: big.status, code: big.code }, { status: 400, code: 'InvalidParameter' });
    const last = await post();
    assert.equal(last.code, 'MissingParameter');
    assert.deepEqual([form.port, big.port, last.port], [first.port, first.port, first.port], 'one connection throughout');
  });

  /** POST / whose headers go out first and whose form body follows later, as `headers` frame it. */
  const postLate = (headers: Record<string, string>, parts: string[]) =>
    new Promise<string>((resolve, reject) => {
      const [host, port] = h.endpoint.split(':');
      const req = http.request(
        {
          host,
          port: Number(port),
          method: 'POST',
          path: '/',
          agent,
          headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => resolve(JSON.parse(Buffer.concat(chunks).toString()).Code));
        },
      );
      req.on('error', reject);
      req.flushHeaders();
      const send = (i: number) => setTimeout(() => (i === parts.length - 1 ? req.end(parts[i]) : (req.write(parts[i]), send(i + 1))), 30);
      send(0);
    });

  it('waits for a body that arrives after the headers, by Content-Length or chunked', async () => {
    // Answered before the body came, these would say MissingParameter.
    const form = 'Action=NoSuchAction&Version=2016-04-28';
    assert.equal(await postLate({ 'content-length': String(form.length) }, [form.slice(0, 10), form.slice(10)]), 'InvalidAction.NotFound');
    assert.equal(await postLate({ 'transfer-encoding': 'chunked' }, [form.slice(0, 10), form.slice(10)]), 'InvalidAction.NotFound');
  });

  /** Writes `raw` on a new connection; what came back by the time the server closed it. */
  const sendRaw = (raw: string) =>
    new Promise<string>((resolve, reject) => {
      const [host, port] = h.endpoint.split(':');
      const socket = net.connect(Number(port), host, () => socket.write(raw));
      let got = '';
      socket.on('data', (c: Buffer) => {
        got += c.toString();
      });
      socket.on('end', () => resolve(got));
      socket.on('error', reject);
    });

  it('answers what Node cannot parse in the envelope, and closes the connection', async () => {
    assertEnvelope(
      parseAnswer(await sendRaw('POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nabc\r\n0\r\n\r\n')),
      400,
      /HPE_INVALID_CHUNK_SIZE/,
    );
    assertEnvelope(parseAnswer(await sendRaw('GET / HTTP/1.1\r\nHost: x\r\nA header without a colon\r\n\r\n')), 400, /not valid HTTP/);
    assertEnvelope(
      parseAnswer(await sendRaw(`GET / HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(http.maxHeaderSize)}\r\n\r\n`)),
      431,
      /headers are larger/,
    );
    // The server is unharmed.
    assert.equal((await post()).code, 'MissingParameter');
  });

  it('answers in the envelope what Node would answer by itself: no Host, an unknown Expect, CONNECT', async () => {
    assertEnvelope(parseAnswer(await sendRaw('GET / HTTP/1.1\r\n\r\n')), 400, /"Host"/);
    assertEnvelope(
      parseAnswer(await sendRaw('POST / HTTP/1.1\r\nHost: x\r\nExpect: 200-bogus\r\nContent-Length: 0\r\n\r\n')),
      417,
      /Expect/,
    );
    assertEnvelope(
      parseAnswer(await sendRaw('CONNECT example.com:443 HTTP/1.1\r\nHost: example.com:443\r\n\r\n')),
      400,
      /http method is not supported/,
      'UnsupportedHTTPMethod',
    );
    // HTTP/1.0 needs no Host: the request reaches the API.
    assert.equal(parseAnswer(await sendRaw('GET / HTTP/1.0\r\n\r\n')).body.Code, 'MissingParameter');
    assert.equal((await post()).code, 'MissingParameter');
  });
});

describe('HTTP front, headers that never finish', () => {
  it('are answered 408 in the envelope once the headers timeout has passed, and not before', async () => {
    // The production limits (60 s for headers) shortened; Node checks every checkEveryMs.
    const h = await startHarness({ requestTimeouts: { headersMs: 600, requestMs: 5000, checkEveryMs: 100 } });
    try {
      const [host, port] = h.endpoint.split(':');
      const socket = net.connect(Number(port), host, () => socket.write('GET / HTTP/1.1\r\nHost: x\r\nX-Slow: '));
      const started = Date.now();
      let got = '';
      socket.on('data', (c: Buffer) => {
        got += c.toString();
      });
      const ended = await new Promise<number>((resolve, reject) => {
        socket.on('end', () => resolve(Date.now() - started));
        socket.on('error', reject);
      });
      assertEnvelope(parseAnswer(got), 408, /did not arrive in time/);
      assert.ok(ended >= 500, `answered after ${ended} ms, not before the limit`);
      assert.ok(ended < 5000, `answered after ${ended} ms`);
    } finally {
      await h.close();
    }
  });

  it("are given the README's 60 s by default, checked every second", () => {
    assert.deepEqual(DEFAULT_TIMEOUTS, { headersMs: 60_000, requestMs: 300_000, checkEveryMs: 1_000 });
  });
});

describe('HTTP front, a client too slow to send its request', () => {
  it('answers 408 in the envelope', async () => {
    // Node checks for slow requests every 30 s; the event it then raises is raised here directly.
    const server = createHttpServer(
      { rpc: () => Promise.reject(new Error('not called')), internal: async () => undefined },
      pino({ level: 'silent' }),
    );
    let written = '';
    const socket = new Duplex({
      read() {},
      write(c: Buffer, _e, done) {
        written += c.toString();
        done();
      },
    });
    const timeout = Object.assign(new Error('Request timeout'), { code: 'ERR_HTTP_REQUEST_TIMEOUT' });
    server.emit('clientError', timeout, socket);
    assertEnvelope(parseAnswer(written), 408, /did not arrive in time/);
  });
});
