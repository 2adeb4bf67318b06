// The control API over HTTP: the shared scenarios, plus what only HTTP has (the refusals of bad JSON,
// unknown paths and methods; the access rule is in access.test.ts).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startVbrd } from '../../src/library/index.js';
import { controlScenarios } from './scenarios.js';
import { httpDriver } from './drivers.js';

controlScenarios('http', (v) => httpDriver(v));

test('http: a body that is not JSON, an unknown path and a wrong method are refused clearly, and every call is audited', async () => {
  const v = await startVbrd();
  try {
    const c = httpDriver(v);
    const r = await c.raw('POST', 'faults', '{not json');
    assert.equal(r.status, 400);
    assert.match(JSON.parse(r.text).error.message, /not JSON/);
    assert.equal((await c.raw('PUT', 'state', '{"format":"vbrd-state","version":99,"resources":[]}')).status, 400);
    assert.match((await c.raw('PUT', 'state', '{"format":"vbrd-state","version":99,"resources":[]}')).text, /newer than this vbrd reads/);
    assert.equal((await c.raw('GET', 'nowhere')).status, 404);
    const m = await c.raw('DELETE', 'settle');
    assert.equal(m.status, 405);
    const audit = await v.server.store.listAudit({});
    assert.ok(audit.some((a) => a.action === 'vbrd:AddFault' && a.code === 'InvalidInput'));
    assert.ok(audit.some((a) => a.action === 'vbrd:ImportState' && a.code === 'InvalidInput' && a.principal === 'control:loopback'));
  } finally {
    await v.close();
  }
});
