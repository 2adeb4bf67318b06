// The web console driven as a person drives it, in a real Chromium: sign in, take a circuit to Enabled,
// build a VBR, a BGP group and a peer, watch the peer come up without reloading, modify and delete it;
// a RAM user limited to one VBR sees the denial; a wrong secret is told so. Every request is checked
// for the secret, storage for where the key is kept, and the page for console errors. Screenshots of
// the main views go to console-screenshots/ (VBRD_CONSOLE_DOC_IMAGES=1 also refreshes docs/img/).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync } from 'node:fs';
import type { Locator, Page } from 'playwright-core';
import { startHarness, type Harness } from '../support/harness.js';
import { insertVbr } from '../support/fixtures.js';
import { ramClient, userWithPolicies, type RamUserKey } from '../support/ram.js';
import { launchChromium, needChromium, type Browser } from '../support/browser.js';

const SHOTS = new URL('../../../console-screenshots/', import.meta.url).pathname;
const DOC_IMAGES = new URL('../../../docs/img/', import.meta.url).pathname;
const TIMEOUT = 20_000;

let h: Harness;
let browser: Browser | undefined;
let limited: RamUserKey;
let allowedVbr: string;
let otherVbr: string;
/** Every console error and page error, with the page it happened on. */
const consoleErrors: string[] = [];
/** Every request the pages sent: URL, headers and body, to look for the secret in. */
const sent: string[] = [];

before(async () => {
  h = await startHarness({
    seed: {
      // The two fixture VBRs' circuits sit at the same access point as the one the test creates.
      quotas: { physicalConnectionsPerAccessPoint: 10 },
      timings: {
        physicalConnectionAllocateMs: 300,
        physicalConnectionTransitionMs: 300,
        vbrTransitionMs: 100,
        bgpApplyMs: 1500,
        simSessionUpMs: 1500,
      },
    },
  });
  allowedVbr = await insertVbr(h);
  otherVbr = await insertVbr(h);
  limited = await userWithPolicies(h, ramClient(h.endpoint, h.accessKeyId, h.accessKeySecret), 'one-vbr', [
    { Version: '1', Statement: [{ Effect: 'Allow', Action: 'vpc:*', Resource: `acs:vpc:*:*:virtualborderrouter/${allowedVbr}` }] },
  ]);
  mkdirSync(SHOTS, { recursive: true });
});

after(async () => {
  await browser?.close();
  await h?.close();
});

async function openPage(): Promise<Page> {
  browser ??= await launchChromium();
  const page = await browser.context.newPage();
  page.setDefaultTimeout(TIMEOUT);
  page.on('console', (m) => {
    if (m.type() === 'error') consoleErrors.push(`${page.url()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => consoleErrors.push(`${page.url()}: ${e.message}`));
  page.on('request', (r) => sent.push(`${r.method()} ${r.url()}\n${JSON.stringify(r.headers())}\n${r.postData() ?? ''}`));
  return page;
}

async function signIn(page: Page, accessKeyId: string, secret: string): Promise<void> {
  await page.goto(`http://${h.endpoint}/console/`);
  await page.getByLabel('AccessKey ID').fill(accessKeyId);
  await page.getByLabel('AccessKey secret').fill(secret);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

const shot = (page: Page, name: string) => page.screenshot({ path: `${SHOTS}${name}.png`, fullPage: true });

/** Wait for a form's call to succeed (`shows` appears); its refusal, shown in the form, fails the test with the API's words. */
async function created(form: Locator, shows: Locator): Promise<void> {
  await shows.or(form.locator('.error')).first().waitFor();
  const error = form.locator('.error');
  if ((await error.count()) > 0) assert.fail(`the API refused: ${await error.innerText()}`);
}

/** Click Refresh until the locator shows (views other than the peers' read once per render). */
async function refreshUntil(page: Page, selector: string, timeoutMs = TIMEOUT): Promise<void> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    if ((await page.locator(selector).count()) > 0) return;
    if (Date.now() > end) {
      await shot(page, 'failed');
      throw new Error(`timed out waiting for ${selector}: the page shows ${await page.locator('main').innerText()}`);
    }
    await page.waitForTimeout(250);
    await page.locator('#refresh').click();
    await page.locator('#loading').waitFor({ state: 'detached' });
  }
}

test('a person builds a circuit, a VBR, a BGP group and a peer, sees the session come up live, modifies and deletes it', async (t) => {
  if (!needChromium(t)) return;
  const page = await openPage();
  const started = Date.now();
  await signIn(page, h.accessKeyId, h.accessKeySecret);
  await page.getByRole('heading', { name: 'Virtual border routers', level: 1 }).waitFor();
  const signedIn = Date.now() - started;
  t.diagnostic(`signed in and first view shown in ${signedIn} ms`);

  await page.getByRole('link', { name: 'Regions' }).click();
  await page.getByRole('table', { name: 'Access points' }).waitFor();
  assert.match(await page.locator('td[data-label="Free ports"]').first().innerText(), /^\d+ of \d+$/);
  await shot(page, 'regions');

  // The physical connection service, a circuit, and its lifecycle to Enabled.
  await page.getByRole('link', { name: 'Physical connections' }).click();
  await page.getByRole('button', { name: 'Open the service' }).click();
  await page.getByRole('button', { name: 'Open the service' }).waitFor({ state: 'detached' });
  const create = page.getByRole('form', { name: 'Create a physical connection' });
  await create.getByLabel('Name').fill('console-circuit');
  await create.getByRole('button', { name: 'Create' }).click();
  await created(create, page.locator('tr', { hasText: 'console-circuit' }));
  await refreshUntil(page, 'button:has-text("Confirm")');
  await page.getByRole('button', { name: 'Confirm' }).click();
  await page.getByRole('button', { name: 'Enable' }).click();
  await refreshUntil(page, 'button:has-text("Terminate")');
  await shot(page, 'circuits');

  // A VBR on it.
  await page.getByRole('link', { name: 'VBRs' }).click();
  const vbrForm = page.getByRole('form', { name: 'Create a VBR' });
  await vbrForm.getByLabel('Name').fill('console-vbr');
  await vbrForm.getByRole('button', { name: 'Create' }).click();
  await created(vbrForm, page.locator('tr', { hasText: 'console-vbr' }));
  const vbrLink = page.locator('tr', { hasText: 'console-vbr' }).getByRole('link');
  await vbrLink.waitFor();
  await vbrLink.click();

  // A BGP group, then a peer, watched without reloading.
  await page.getByRole('form', { name: 'Create a BGP group' }).getByRole('button', { name: 'Create group' }).click();
  await refreshUntil(page, '[aria-labelledby="s-bgp-groups"] .state-good');
  await page.evaluate(() => ((window as unknown as { notReloaded: boolean }).notReloaded = true));
  await page.getByRole('form', { name: 'Create a BGP peer' }).getByRole('button', { name: 'Create peer' }).click();
  const row = page.locator('#peers tbody tr').first();
  await row.locator('.peer-status', { hasText: 'Pending' }).waitFor();
  await row.locator('.peer-status', { hasText: 'Available' }).waitFor();
  await row.locator('.peer-bgp', { hasText: 'Established' }).waitFor();
  assert.equal(await page.evaluate(() => (window as unknown as { notReloaded?: boolean }).notReloaded), true, 'the page was not reloaded');
  await page.locator('svg.topology .state-good').first().waitFor();
  const peerId = (await row.getAttribute('data-peer'))!;
  // The live table refreshes every second without taking keyboard focus away.
  await page.getByRole('link', { name: peerId }).focus();
  await page.waitForTimeout(2500);
  assert.equal(await page.evaluate(() => document.activeElement?.textContent), peerId, 'focus stays on the peer link');
  await shot(page, 'vbr');

  // Modify: BFD on; then the timeline, then delete.
  const modify = page.getByRole('form', { name: 'Modify a BGP peer' });
  await modify.getByLabel('Peer', { exact: true }).fill(peerId);
  await modify.getByLabel('BFD').selectOption('true');
  await modify.getByRole('button', { name: 'Modify peer' }).click();
  await created(modify, modify.locator('.ok'));
  await row.locator('td[data-label="BFD"]', { hasText: 'on' }).waitFor();
  await row.locator('.peer-status', { hasText: 'Available' }).waitFor();
  await row.locator('.peer-bgp', { hasText: 'Established' }).waitFor();

  await page.getByRole('link', { name: peerId }).click();
  await page.getByRole('heading', { name: `Peer ${peerId}: session timeline` }).waitFor();
  await page.locator('.chart canvas').waitFor();
  await page.getByRole('table', { name: 'Transitions' }).getByText('Established').first().waitFor();
  await shot(page, 'peer-timeline');
  await page.getByRole('group', { name: 'Time range' }).getByRole('link', { name: '24 h' }).click();
  await page.getByText('BgpStatus over the last 24 hours').waitFor();
  await page.locator('.chart canvas').waitFor();
  await page.goBack();
  await page.goBack();

  const del = page.getByRole('form', { name: 'Delete a BGP peer' });
  await del.getByLabel('Peer', { exact: true }).fill(peerId);
  await del.getByRole('button', { name: 'Delete peer' }).click();
  await created(del, del.locator('.ok'));
  await page.locator(`#peers tr[data-peer="${peerId}"]`).waitFor({ state: 'detached' });

  // A refusal in a form shows the API's exact code and message.
  const bad = page.getByRole('form', { name: 'Create a BGP peer' });
  await bad.getByLabel('Peer address').fill('not-an-address');
  await bad.getByRole('button', { name: 'Create peer' }).click();
  await bad.locator('.error-code').waitFor();
  assert.match(await bad.locator('.error-code').innerText(), /^[A-Za-z.]+$/);
  assert.ok((await bad.locator('.error-message').innerText()).length > 0, 'the API message is shown');

  await page.getByRole('link', { name: 'RAM' }).click();
  await page.getByRole('table', { name: 'RAM users' }).getByText('one-vbr', { exact: true }).waitFor();
  await shot(page, 'ram');
  await page.getByRole('link', { name: 'Audit trail' }).click();
  await page.getByLabel('Action (e.g. vpc:CreateBgpPeer)').fill('vpc:CreateBgpPeer');
  await page.getByRole('button', { name: 'Filter' }).click();
  await page.getByRole('table', { name: 'Audit trail, newest first' }).waitFor();
  const actions = await page.locator('td[data-label="Action"]').allInnerTexts();
  assert.ok(actions.length >= 1 && actions.every((a) => a === 'vpc:CreateBgpPeer'), actions.join(','));
  await shot(page, 'audit');

  // Narrow screens: the same page, still usable.
  await page.setViewportSize({ width: 390, height: 844 });
  await page.getByRole('link', { name: 'VBRs' }).click();
  await page.getByRole('table', { name: 'Virtual border routers' }).waitFor();
  await shot(page, 'vbrs-narrow');
  await page.setViewportSize({ width: 1280, height: 900 });

  // Where the key is kept: this tab's session storage only.
  const storage = await page.evaluate(() => ({
    local: JSON.stringify(localStorage),
    session: JSON.stringify(sessionStorage),
    cookie: document.cookie,
  }));
  assert.ok(!storage.local.includes(h.accessKeySecret) && storage.local === '{}', 'nothing in localStorage');
  assert.equal(storage.cookie, '');
  assert.ok(storage.session.includes(h.accessKeySecret), 'the secret is in session storage');
  assert.deepEqual(await browser!.context.cookies(), []);
  await page.close();
  if (process.env.VBRD_CONSOLE_DOC_IMAGES === '1') {
    mkdirSync(DOC_IMAGES, { recursive: true });
    copyFileSync(`${SHOTS}vbr.png`, `${DOC_IMAGES}console-vbr.png`);
    copyFileSync(`${SHOTS}peer-timeline.png`, `${DOC_IMAGES}console-peer-timeline.png`);
  }
});

test('keyboard: the sign-in form and the navigation are reached and used with the keyboard alone', async (t) => {
  if (!needChromium(t)) return;
  const page = await openPage();
  await page.goto(`http://${h.endpoint}/console/`);
  await page.evaluate(() => sessionStorage.clear());
  await page.reload();
  await page.keyboard.type(h.accessKeyId); // the AccessKey ID field has focus
  await page.keyboard.press('Tab');
  await page.keyboard.type(h.accessKeySecret);
  await page.keyboard.press('Enter');
  await page.getByRole('navigation', { name: 'Sections' }).waitFor();
  await page.getByRole('link', { name: 'Regions' }).focus();
  await page.keyboard.press('Enter');
  await page.getByRole('heading', { name: 'Regions and access points' }).waitFor();
  await page.close();
});

test('a wrong secret gets a clear sign-in error, and nothing is kept', async (t) => {
  if (!needChromium(t)) return;
  const page = await openPage();
  await page.goto(`http://${h.endpoint}/console/`);
  await page.evaluate(() => sessionStorage.clear());
  await signIn(page, h.accessKeyId, 'not-the-secret');
  await page.getByText('The AccessKey secret is wrong for this AccessKey ID.').waitFor();
  await page.getByText('SignatureDoesNotMatch').waitFor();
  assert.equal(await page.evaluate(() => sessionStorage.length), 0);
  await page.close();
});

test('a RAM user limited to one VBR sees its VBR, and Forbidden.RAM with what was denied for another', async (t) => {
  if (!needChromium(t)) return;
  const page = await openPage();
  await page.goto(`http://${h.endpoint}/console/`);
  await page.evaluate(() => sessionStorage.clear());
  await signIn(page, limited.accessKeyId, limited.accessKeySecret);
  // The list of VBRs is a Describe of every VBR: denied.
  await page.getByRole('alert').getByText('Forbidden.RAM').first().waitFor();
  assert.match(await page.locator('.denied').first().innerText(), /Denied: vpc:DescribeVirtualBorderRouters/);
  // Its own VBR's BGP groups and peers are allowed; another VBR's are denied, saying what.
  await page.goto(`http://${h.endpoint}/console/#/vbrs/${allowedVbr}`);
  await page.getByRole('table', { name: 'BGP peers (live)' }).waitFor();
  assert.equal(await page.locator('[aria-labelledby="s-bgp-groups"] .error').count(), 0, 'its own VBR is not denied');
  await page.goto(`http://${h.endpoint}/console/#/vbrs/${otherVbr}`);
  await page.locator('[aria-labelledby="s-bgp-groups"] .denied').waitFor();
  assert.match(await page.locator('[aria-labelledby="s-bgp-groups"] .denied').innerText(), /Denied: vpc:DescribeBgpGroups/);
  await page.locator('[aria-labelledby="s-bgp-groups"] .error-message').getByText(/./).first().waitFor();
  await shot(page, 'denied');
  await page.close();
});

test('the secret appears in no request, no page logged an error, and the console is off with --no-console', async (t) => {
  if (!needChromium(t)) return;
  assert.ok(sent.length > 20, `requests were recorded (${sent.length})`);
  for (const secret of [h.accessKeySecret, limited.accessKeySecret]) {
    assert.equal(sent.filter((r) => r.includes(secret) || r.includes(encodeURIComponent(secret))).length, 0, 'a secret was sent');
  }
  assert.ok(
    sent.some((r) => r.includes('acs3-hmac-sha256 credential=') || r.includes('ACS3-HMAC-SHA256 Credential=')),
    'calls are signed',
  );
  // Chromium logs each 4xx answer as "Failed to load resource"; the refusals the pages showed on
  // purpose (the bad address, the denial, the wrong secret) are those, and nothing else may be logged.
  const unexpected = consoleErrors.filter((e) => !/Failed to load resource: the server responded with a status of 4\d\d/.test(e));
  assert.deepEqual(unexpected, [], 'no console error on any page');
  const off = await startHarness({ args: ['--no-console'] });
  try {
    assert.equal((await fetch(`http://${off.endpoint}/console/`)).status, 404);
    assert.equal((await fetch(`http://${h.endpoint}/console/`)).status, 200);
  } finally {
    await off.close();
  }
});
