// The Vitest example runs under Vitest, as a user's suite would (the node:test example runs with the
// rest of the suite by itself: dist/examples/node-test/vbrd.test.js).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

test('examples/vitest passes under Vitest', () => {
  const r = spawnSync(process.execPath, [`${ROOT}node_modules/vitest/vitest.mjs`, 'run', '--root', 'examples/vitest'], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', CI: 'true' },
    timeout: 240_000,
  });
  assert.equal(r.status, 0, `${r.stdout}\n${r.stderr}`);
  assert.match(r.stdout, /Tests\s+2 passed/);
});
