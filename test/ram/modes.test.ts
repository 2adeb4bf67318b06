// --ram-mode soft decides and logs what would be denied but lets it through (audited as SoftDeny);
// --ram-mode off does not evaluate at all. Root keys are never subject to policies.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { $Vpc, startHarness, type Harness } from '../support/harness.js';
import { $Ram, ramClient, storeVbr, userWithPolicies } from '../support/ram.js';

for (const mode of ['soft', 'off'] as const) {
  describe(`RAM mode ${mode}`, () => {
    let h: Harness;
    const warnings: unknown[] = [];
    before(async () => {
      h = await startHarness({ args: ['--ram-mode', mode] });
      // Capture the server's warnings (the soft-mode "would deny" log lines).
      const warn = h.vbrd.log.warn.bind(h.vbrd.log);
      h.vbrd.log.warn = ((...a: unknown[]) => {
        warnings.push(a[0]);
        return (warn as (...x: unknown[]) => void)(...a);
      }) as typeof h.vbrd.log.warn;
    });
    after(() => h.close());

    test('a user without any policy gets through', async () => {
      const admin = ramClient(h.endpoint, h.accessKeyId, h.accessKeySecret);
      const nobody = await userWithPolicies(h, admin, 'no-policies');
      const vbr = await storeVbr(h);
      const g = (
        await nobody.vpc.createBgpGroup(new $Vpc.CreateBgpGroupRequest({ regionId: 'cn-hangzhou', routerId: vbr, peerAsn: 65001 }))
      ).body!.bgpGroupId!;
      assert.match(g, /^bgpg-/);
      await nobody.ram.listUsers(new $Ram.ListUsersRequest({}));
      const [entry] = await h.vbrd.store.listAudit({ principal: 'user:no-policies', action: 'vpc:CreateBgpGroup' });
      assert.ok(entry);
      assert.equal(entry.decision, mode === 'soft' ? 'SoftDeny' : 'Allow');
      assert.equal(entry.code, 'OK');
      if (mode === 'soft') {
        assert.ok(
          warnings.some((w) => (w as { action?: string }).action === 'vpc:CreateBgpGroup'),
          'soft mode logs the would-be denial',
        );
      }
    });
  });
}
