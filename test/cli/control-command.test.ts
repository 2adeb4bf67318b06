// The control API from the shell, as the bundled `vbrd` runs it against a running server: state export,
// reset, import and settle, and the refusals a user meets (no server, a wrong verb).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { $Vpc, startHarness, waitFor, type Harness } from '../support/harness.js';

const VBRD = fileURLToPath(new URL('../../src/cli/vbrd.js', import.meta.url));
const R = 'cn-hangzhou';

/** The bundled CLI as a child process (the server runs in this one, so both must be asynchronous). */
function vbrd(args: string[]): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [VBRD, ...args], { env: { PATH: process.env.PATH } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

let h: Harness;
let url: string;
before(async () => {
  h = await startHarness({ seed: { timings: { physicalConnectionAllocateMs: 60_000 } } });
  url = `http://${h.endpoint}`;
  await h.vpc.openPhysicalConnectionService(new $Vpc.OpenPhysicalConnectionServiceRequest({ regionId: R }));
});
after(() => h.close());

const circuits = async () =>
  (await h.vpc.describePhysicalConnections(new $Vpc.DescribePhysicalConnectionsRequest({ regionId: R }))).body!.physicalConnectionSet!
    .physicalConnectionType!;

test('vbrd state export, reset, import and settle act on the running server', async () => {
  const id = (
    await h.vpc.createPhysicalConnection(
      new $Vpc.CreatePhysicalConnectionRequest({ regionId: R, accessPointId: 'ap-cn-hangzhou-yh-B', lineOperator: 'CT', name: 'kept' }),
    )
  ).body!.physicalConnectionId!;
  const before = JSON.stringify(await circuits());
  const file = join(mkdtempSync(join(tmpdir(), 'vbrd-state-')), 'state.json');

  const exported = await vbrd(['state', 'export', file, '--url', url]);
  assert.equal(exported.status, 0, exported.stderr);
  assert.ok(readFileSync(file, 'utf8').includes(id), 'the document holds the circuit');

  const reset = await vbrd(['reset', '--url', url]);
  assert.equal(reset.status, 0, reset.stderr);
  assert.deepEqual(await circuits(), []);

  const imported = await vbrd(['state', 'import', file, '--url', url]);
  assert.equal(imported.status, 0, imported.stderr);
  assert.equal(JSON.stringify(await circuits()), before, 'Describe answers as before the reset');

  // The circuit waits a minute to be allocated; settle finishes that now.
  const settled = await vbrd(['settle', '--url', url]);
  assert.equal(settled.status, 0, settled.stderr);
  await waitFor(async () => (await circuits())[0]?.status === 'Allocated', 5000, 'circuit Allocated after settle');
});

test('refusals: no server at the URL, and a verb vbrd state does not know', async () => {
  const nobody = await vbrd(['reset', '--url', 'http://127.0.0.1:9']);
  assert.equal(nobody.status, 2);
  assert.match(nobody.stderr, /^vbrd: no vbrd answers at http:\/\/127\.0\.0\.1:9/);
  const verb = await vbrd(['state', 'frobnicate', 'x.json', '--url', url]);
  assert.equal(verb.status, 2);
  assert.match(verb.stderr, /usage: vbrd state export\|import FILE/);
});
