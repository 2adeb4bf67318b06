// The bench's signed reference server answers only what vbrd's own V3 check lets through, so that
// its row measures that check: a correctly signed request (again and again: it leaves out the
// nonce), and neither a request without a signature nor one whose signature does not match.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { fork, type ChildProcess } from 'node:child_process';
import { request } from 'node:http';
import { fileURLToPath } from 'node:url';
import { signedRequest } from './signed-request.js';
import type { Req } from './closed-loop.js';

const CHILD = fileURLToPath(new URL('./server-child.js', import.meta.url));

function send(port: number, r: Req): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    request({ host: '127.0.0.1', port, method: 'POST', path: r.path, headers: { ...r.headers, 'content-length': '0' } }, (res) => {
      let body = '';
      res.on('data', (c: Buffer) => {
        body += c;
      });
      res.on('end', () => resolve({ status: res.statusCode!, body }));
    })
      .on('error', reject)
      .end();
  });
}

describe('bench server-child signed-baseline', () => {
  let child: ChildProcess;
  let port: number;
  before(async () => {
    child = fork(CHILD, ['signed-baseline'], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    port = await new Promise<number>((resolve) => child.once('message', (m) => resolve((m as { port: number }).port)));
  });
  after(async () => {
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGKILL');
    await exited;
  });

  it('answers a signed request, also when sent again', async () => {
    const r = signedRequest(port, 'DescribeRegions', {});
    for (let i = 0; i < 2; i++) {
      const answer = await send(port, r);
      assert.equal(answer.status, 200);
      assert.equal(JSON.parse(answer.body).Status, 'ok');
    }
  });

  it('refuses a request without a signature, or with one that does not match', async () => {
    assert.equal((await send(port, { path: '/', headers: {} })).status, 403);
    const r = signedRequest(port, 'DescribeRegions', {});
    const forged = {
      ...r.headers,
      authorization: r.headers.authorization.replace(/Signature=[0-9a-f]/, (s) =>
        s.endsWith('0') ? `${s.slice(0, -1)}1` : `${s.slice(0, -1)}0`,
      ),
    };
    assert.equal((await send(port, { path: r.path, headers: forged })).status, 403);
    assert.equal((await send(port, r)).status, 200);
  });
});
