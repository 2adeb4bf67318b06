// The README's quickstart example runs against a real server, so it cannot rot.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { startHarness } from '../support/harness.js';
import { quickstart } from '../../examples/quickstart.js';

test('examples/quickstart creates a circuit, VBR, group and peer and sees the session Established', async () => {
  const h = await startHarness({
    seed: { timings: { physicalConnectionAllocateMs: 30, physicalConnectionTransitionMs: 30, bgpApplyMs: 30, simSessionUpMs: 30 } },
  });
  try {
    const lines: string[] = [];
    const r = await quickstart(h.endpoint, h.accessKeyId, h.accessKeySecret, (l) => lines.push(l));
    assert.match(r.bgpPeerId, /^bgp-[a-z0-9]{21}$/);
    assert.ok(
      lines.some((l) => /BgpStatus=Established/.test(l)),
      lines.join('\n'),
    );
    assert.equal(lines.at(-1), 'the BGP session is Established');
    // A second run on the same server (service already open) works too.
    await quickstart(h.endpoint, h.accessKeyId, h.accessKeySecret, () => {});
  } finally {
    await h.close();
  }
});
