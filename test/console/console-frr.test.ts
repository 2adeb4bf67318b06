// The web console against the real FRR data plane: a person watching a VBR's page sees a peer made
// through the SDK come up against a BIRD customer, with the customer's routes counted, without
// reloading, its BFD session Up, and its timeline holds the Established that FRR reported.
import { after, before } from 'node:test';
import assert from 'node:assert/strict';
import { launchChromium, needChromium, type Browser } from '../support/browser.js';
import { availableGroup, buildVbr, createPeer, frrTest, isEstablished, startApiFrr, waitPeer, type ApiFrrFixture } from '../frr/helpers.js';

const ANNOUNCED = ['198.51.100.0/24', '203.0.113.0/24'];
let f: ApiFrrFixture | null = null;
let browser: Browser | undefined;

before(async () => {
  f = await startApiFrr('cfrr', [
    {
      links: [{ vlanId: 100, addresses: ['192.0.2.2/30'] }],
      peerings: [{ name: 'vbr1', neighborIp: '192.0.2.1', localIp: '192.0.2.2', neighborAsn: 45104, bfd: true }],
      routes: ANNOUNCED,
    },
  ]);
});
after(async () => {
  await browser?.close();
  await f?.cleanup();
});

frrTest("a real session comes up live in the console, with the customer's routes, BFD and its timeline", async (t) => {
  if (!needChromium(t)) return;
  const { h } = f!;
  const { vbrId } = await buildVbr(h.vpc, {
    accessPoint: 1,
    vlanId: 100,
    localGatewayIp: '192.0.2.1',
    peerGatewayIp: '192.0.2.2',
    bfd: { minTxInterval: 300, minRxInterval: 300, detectMultiplier: 3 },
  });
  const groupId = await availableGroup(h.vpc, vbrId, { peerAsn: 65001 });

  browser = await launchChromium();
  const page = await browser.context.newPage();
  page.setDefaultTimeout(45_000);
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(`http://${h.endpoint}/console/`);
  await page.getByLabel('AccessKey ID').fill(h.accessKeyId);
  await page.getByLabel('AccessKey secret').fill(h.accessKeySecret);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { name: 'Virtual border routers', level: 1 }).waitFor();
  await page.goto(`http://${h.endpoint}/console/#/vbrs/${vbrId}`);
  await page.locator('#peers').waitFor();
  await page.evaluate(() => ((window as unknown as { notReloaded: boolean }).notReloaded = true));

  // Made through the SDK while the page watches: FRR and BIRD bring it up, and the page follows.
  const peerId = await createPeer(h.vpc, groupId, '192.0.2.2', { enableBfd: true, bfdMultiHop: 1 });
  const row = page.locator(`#peers tr[data-peer="${peerId}"]`);
  await row.locator('.peer-bgp', { hasText: 'Established' }).waitFor();
  await row.locator('td[data-label="Received"]', { hasText: String(ANNOUNCED.length) }).waitFor();
  await row.locator('td[data-label="BFD"]', { hasText: 'on · Up' }).waitFor();
  const api = await waitPeer(h.vpc, peerId, 'Established', isEstablished, 30_000);
  assert.equal(api?.receivedRouteCount, ANNOUNCED.length, 'the page shows what DescribeBgpPeers shows');
  assert.equal(await page.evaluate(() => (window as unknown as { notReloaded?: boolean }).notReloaded), true, 'the page was not reloaded');

  await page.getByRole('link', { name: peerId }).click();
  await page.getByRole('heading', { name: `Peer ${peerId}: session timeline` }).waitFor();
  await page.getByRole('table', { name: 'Transitions' }).getByText('Established').first().waitFor();
  assert.deepEqual(errors, [], 'no page error');
});
