// The HTTP front on one keep-alive connection: requests without a body are answered without reading
// the stream, requests with one only after all of it arrived (also when it follows the headers
// later), and neither leaves the connection unusable.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { startHarness, type Harness } from '../support/harness.js';

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
  const post = (body?: string | Buffer) => new Promise<{ status: number; code: string; port: number }>((resolve, reject) => {
    const [host, port] = h.endpoint.split(':');
    const req = http.request({
      host, port: Number(port), method: 'POST', path: '/', agent,
      headers: body === undefined ? { 'content-length': '0' } : { 'content-type': 'application/x-www-form-urlencoded', 'content-length': String(Buffer.byteLength(body)) },
    }, (res) => {
      const local = res.socket.localPort!;
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode!, code: JSON.parse(Buffer.concat(chunks).toString()).Code, port: local }));
    });
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
  const postLate = (headers: Record<string, string>, parts: string[]) => new Promise<string>((resolve, reject) => {
    const [host, port] = h.endpoint.split(':');
    const req = http.request({ host, port: Number(port), method: 'POST', path: '/', agent, headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve(JSON.parse(Buffer.concat(chunks).toString()).Code));
    });
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
});
