// Shutting down (what SIGINT and SIGTERM do, src/cli/main.ts): a request the server has begun to
// receive is still answered, and durably, while new connections are refused; the store closes last.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { connect } from 'node:net';
import { isoSeconds } from '../../src/domain/ids.js';
import { v1Sign, v1StringToSign } from '../../src/protocol/signature-v1.js';
import { openStore } from '../../src/store/open.js';
import { startHarness } from '../support/harness.js';
import { recordIndexing } from '../../src/domain/record-indexing.js';

test('close answers the request in flight, refuses new connections, then closes the store', async () => {
  const h = await startHarness();
  const [host, port] = h.endpoint.split(':');
  const params = new Map(
    Object.entries({
      Action: 'OpenPhysicalConnectionService',
      Version: '2016-04-28',
      Format: 'JSON',
      AccessKeyId: h.accessKeyId,
      SignatureMethod: 'HMAC-SHA1',
      SignatureVersion: '1.0',
      SignatureNonce: randomUUID(),
      Timestamp: isoSeconds(Date.now()),
      RegionId: 'cn-hangzhou',
    }),
  );
  params.set('Signature', v1Sign(h.accessKeySecret, v1StringToSign('POST', params)));
  const body = new URLSearchParams([...params]).toString();

  // The headers and half the body now; the rest once close() has begun.
  const socket = connect(Number(port), host);
  let answer = '';
  socket.on('data', (c: Buffer) => {
    answer += c;
  });
  const ended = new Promise((r) => socket.on('end', r));
  socket.write(
    `POST / HTTP/1.1\r\nhost: ${h.endpoint}\r\ncontent-type: application/x-www-form-urlencoded\r\ncontent-length: ${body.length}\r\n\r\n${body.slice(0, 40)}`,
  );
  await new Promise((r) => setTimeout(r, 100));
  const closed = h.vbrd.close();
  await new Promise((r) => setTimeout(r, 50));
  await assert.rejects(fetch(`http://${h.endpoint}/_vbrd/health`), 'a new connection is refused while closing');
  socket.write(body.slice(40));
  await ended;
  await closed;

  const [head, json] = answer.split('\r\n\r\n');
  assert.match(head, /^HTTP\/1\.1 200 /);
  assert.match(JSON.parse(json).RequestId as string, /^[0-9A-F-]{36}$/);
  // What it acknowledged is on disk.
  const store = await openStore({ indexing: recordIndexing, dataDir: h.config.dataDir });
  try {
    const service = await store.list({ kind: 'PhysicalConnectionService', accountId: h.accountId });
    assert.equal(service.items.length, 1);
  } finally {
    await store.close();
  }
});
