// The closed loop counts what it should: an answer is good only with status 200 and a body the check
// accepts, judged by that answer's own status, the connections reach every server they are split
// over, and a connection the server closes is replaced.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { load } from './closed-loop.js';

const WINDOW = { warmup: 0.2, seconds: 0.6 };

/**
 * A server that answers /good "ok", /bad a 500, /wrong "nope" and /close "ok" before closing the
 * connection; counts its requests and keeps the last x-probe header.
 */
function start(): Promise<{ server: Server; port: number; served: () => number; probe: () => unknown }> {
  let served = 0;
  let probe: unknown;
  const server = createServer((req, res) => {
    served++;
    probe = req.headers['x-probe'];
    const [status, body] = req.url === '/bad' ? [500, 'broken'] : [200, req.url === '/good' || req.url === '/close' ? 'ok' : 'nope'];
    res.writeHead(status, { 'content-length': body.length, ...(req.url === '/close' ? { connection: 'close' } : {}) }).end(body);
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({ server, port: (server.address() as AddressInfo).port, served: () => served, probe: () => probe }),
    ),
  );
}

describe('closed-loop load', () => {
  const servers: Awaited<ReturnType<typeof start>>[] = [];
  before(async () => {
    servers.push(await start(), await start());
  });
  after(() => {
    for (const s of servers) s.server.close();
  });

  it('counts only answers with status 200 that pass the check', async () => {
    // One connection, so answers come in the order sent: every /good follows a 500. Were a body
    // judged by the status of the answer before it, no /good would count.
    const cycle = ['/bad', '/good', '/wrong'];
    let n = 0;
    const cell = await load(
      WINDOW,
      1,
      [servers[0].port],
      () => ({ path: cycle[n++ % 3], headers: {} }),
      (body) => body === 'ok',
    );
    assert.ok(cell.ok > 10, `${cell.ok} good answers`);
    assert.ok(Math.abs(cell.errors - 2 * cell.ok) <= 2, `${cell.errors} errors for ${cell.ok} good answers`);
    assert.match(cell.firstError ?? '', /^(500 broken|200 nope)$/);
    assert.ok(cell.p50 > 0 && cell.p50 <= cell.p99);
    assert.equal(cell.rps, cell.ok / WINDOW.seconds);
  });

  it('sends a fixed request as it is, over connections split across the servers', async () => {
    const before = servers.map((s) => s.served());
    const cell = await load(
      WINDOW,
      4,
      servers.map((s) => s.port),
      { path: '/good', headers: { 'x-probe': 'fixed' } },
    );
    assert.equal(cell.errors, 0);
    assert.ok(cell.ok > 10);
    for (const [i, s] of servers.entries()) {
      assert.ok(s.served() - before[i] > 5, `server ${i} got ${s.served() - before[i]} requests`);
      assert.equal(s.probe(), 'fixed');
    }
  });

  it('goes on over a new connection when the server closes one', async () => {
    const cell = await load(WINDOW, 2, [servers[0].port], { path: '/close', headers: {} }, (body) => body === 'ok');
    assert.equal(cell.errors, 0, cell.firstError);
    assert.ok(cell.ok > 10, `${cell.ok} answers`);
  });
});
