// Repeated parameters over the wire: more items than Alibaba documents are refused with InvalidParameter,
// and a request repeating a filter 16,000 times (about 300 KB of form) is refused at once instead of
// holding the server (it took 10 s when the parser was quadratic).
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { errorCode, startHarness, type Harness } from '../support/harness.js';

describe('repeated parameters are capped on the wire', () => {
  let h: Harness;
  before(async () => {
    h = await startHarness();
  });
  after(() => h?.close());

  const describeVbrs = (params: Record<string, string>) =>
    h.pop.request('DescribeVirtualBorderRouters', { RegionId: 'cn-hangzhou', ...params }, { method: 'POST', timeout: 30_000 });

  const entries = (n: number, entry: (i: number) => [string, string][]) =>
    Object.fromEntries(Array.from({ length: n }, (_, i) => entry(i + 1)).flat());

  it('takes 5 filters of 5 values each, and refuses a sixth filter or a sixth value', async () => {
    const filter = (i: number): [string, string][] => [
      [`Filter.${i}.Key`, 'VbrId'],
      ...Array.from({ length: 5 }, (_, j): [string, string] => [`Filter.${i}.Value.${j + 1}`, `vbr-${i}-${j}`]),
    ];
    const ok = (await describeVbrs(entries(5, filter))) as { VirtualBorderRouterSet?: unknown };
    assert.ok(ok.VirtualBorderRouterSet, 'answered');
    const sixth = await errorCode(
      describeVbrs(
        entries(6, (i) => [
          [`Filter.${i}.Key`, 'VbrId'],
          [`Filter.${i}.Value.1`, 'vbr-1'],
        ]),
      ),
    );
    assert.equal(sixth.code, 'InvalidParameter');
    assert.match(sixth.message, /Filter\.N/);
    const sixValues = await errorCode(
      describeVbrs({ 'Filter.1.Key': 'VbrId', ...entries(6, (j) => [[`Filter.1.Value.${j}`, `vbr-${j}`]]) }),
    );
    assert.equal(sixValues.code, 'InvalidParameter');
    assert.match(sixValues.message, /Filter\.N\.Value\.N/);
  });

  it('refuses 16,000 filters, or 16,000 values of one filter, within a second or two', async () => {
    for (const params of [
      entries(16_000, (i) => [
        [`Filter.${i}.Key`, 'VbrId'],
        [`Filter.${i}.Value.1`, `vbr-${i}`],
      ]),
      { 'Filter.1.Key': 'VbrId', ...entries(16_000, (j) => [[`Filter.1.Value.${j}`, `vbr-${j}`]]) },
    ]) {
      const started = performance.now();
      const e = await errorCode(describeVbrs(params));
      const ms = performance.now() - started;
      assert.equal(e.code, 'InvalidParameter');
      // A bound for a stall, not a speed target: on an idle machine this takes tens of milliseconds.
      assert.ok(ms < 5000, `refused in ${Math.round(ms)} ms`);
    }
  });
});
