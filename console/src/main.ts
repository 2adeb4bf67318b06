// The console's shell: sign-in, navigation and the hash router. Each view is a function of the signed
// client and the region (context.ts); nothing is cached between views but the session.
import './style.css';
import { Api, ApiFailure } from './api.js';
import type { View, ViewContext } from './context.js';
import { clearSession, loadSession, saveSession, type Session } from './session.js';
import { errorBox, h } from './ui.js';
import { circuitsView, regionsView, vbrsView } from './views-network.js';
import { auditView, ramView } from './views-ram.js';
import { peerView, vbrView } from './views-vbr.js';

const ROUTES: [RegExp, View, string][] = [
  [/^#\/regions$/, regionsView, 'Regions'],
  [/^#\/circuits$/, circuitsView, 'Physical connections'],
  [/^#\/vbrs$/, vbrsView, 'VBRs'],
  [/^#\/vbrs\/([^/?]+)$/, vbrView, 'VBR'],
  [/^#\/peers\/([^/?]+)(?:\?.*)?$/, peerView, 'Peer timeline'],
  [/^#\/ram$/, ramView, 'RAM'],
  [/^#\/audit(?:\?.*)?$/, auditView, 'Audit trail'],
];

const NAV: [string, string][] = [
  ['#/regions', 'Regions'],
  ['#/circuits', 'Physical connections'],
  ['#/vbrs', 'VBRs'],
  ['#/ram', 'RAM'],
  ['#/audit', 'Audit trail'],
];

const app = document.getElementById('app')!;
let leaving: (() => void)[] = [];

function signIn(problem?: unknown): void {
  const ak = h('input', { id: 'ak', name: 'accessKeyId', autocomplete: 'username', required: true, spellcheck: 'false' });
  const sk = h('input', { id: 'sk', name: 'accessKeySecret', type: 'password', autocomplete: 'current-password', required: true });
  const region = h('input', { id: 'region', name: 'regionId', value: 'cn-hangzhou', required: true });
  const out = h('div', { 'aria-live': 'assertive' }, problem ? errorBox(problem) : null);
  const button = h('button', { type: 'submit' }, 'Sign in');
  const f = h(
    'form',
    { class: 'signin', 'aria-labelledby': 'signin-h' },
    h('h1', { id: 'signin-h' }, 'Sign in to vbrd'),
    h(
      'p',
      {},
      'With an AccessKey pair of the root account or a RAM user. Each call is signed in this tab; the secret stays in its session storage and is never sent.',
    ),
    h('div', { class: 'field' }, h('label', { for: 'ak' }, 'AccessKey ID'), ak),
    h('div', { class: 'field' }, h('label', { for: 'sk' }, 'AccessKey secret'), sk),
    h('div', { class: 'field' }, h('label', { for: 'region' }, 'Region'), region),
    button,
    out,
  );
  f.addEventListener('submit', (e) => {
    e.preventDefault();
    const s: Session = { accessKeyId: ak.value.trim(), accessKeySecret: sk.value, regionId: region.value.trim() };
    button.disabled = true;
    out.replaceChildren(h('span', {}, 'Checking the key…'));
    verify(s)
      .then(() => {
        saveSession(s);
        if (!location.hash || location.hash === '#/signin') location.hash = '#/vbrs';
        void render();
      })
      .catch((err: unknown) => {
        out.replaceChildren(
          h('div', { class: 'error', role: 'alert' }, h('strong', {}, 'Sign-in failed. '), signInReason(err)),
          errorBox(err),
        );
        sk.focus();
      })
      .finally(() => (button.disabled = false));
  });
  app.replaceChildren(h('main', { id: 'main' }, f));
  ak.focus();
}

/** A signed call proves the pair: a RAM denial still means the signature held. */
async function verify(s: Session): Promise<void> {
  try {
    await new Api(s).call('DescribeRegions', {});
  } catch (e) {
    if (e instanceof ApiFailure && e.code === 'Forbidden.RAM') return;
    throw e;
  }
}

function signInReason(e: unknown): string {
  if (!(e instanceof ApiFailure)) return 'vbrd could not be reached.';
  if (e.code === 'SignatureDoesNotMatch') return 'The AccessKey secret is wrong for this AccessKey ID.';
  if (e.code === 'InvalidAccessKeyId.NotFound') return 'No such AccessKey ID.';
  if (e.code === 'InvalidAccessKeyId.Inactive') return 'This AccessKey is disabled.';
  return 'The API refused the key.';
}

function shell(s: Session, title: string): { main: HTMLElement } {
  const main = h('main', { id: 'main', tabindex: '-1' });
  const nav = h(
    'nav',
    { 'aria-label': 'Sections' },
    h(
      'ul',
      {},
      NAV.map(([href, label]) => h('li', {}, h('a', { href, 'aria-current': location.hash.startsWith(href) ? 'page' : undefined }, label))),
    ),
  );
  const signOut = h('button', { type: 'button', class: 'link' }, 'Sign out');
  signOut.addEventListener('click', () => {
    clearSession();
    location.hash = '#/signin';
    void render();
  });
  const refresh = h('button', { type: 'button', class: 'link', id: 'refresh' }, 'Refresh');
  refresh.addEventListener('click', () => void render());
  const header = h(
    'header',
    {},
    h('a', { class: 'skip', href: '#main', onclick: (e: Event) => (e.preventDefault(), main.focus()) }, 'Skip to content'),
    h('span', { class: 'brand' }, 'vbrd console'),
    h('span', { class: 'who' }, `${s.accessKeyId} · ${s.regionId}`),
    refresh,
    signOut,
  );
  app.replaceChildren(header, nav, main, h('div', { id: 'messages', 'aria-live': 'polite' }));
  document.title = `${title} · vbrd console`;
  return { main };
}

let rendering = 0;

async function render(): Promise<void> {
  for (const stop of leaving) stop();
  leaving = [];
  const s = loadSession();
  if (!s) return signIn();
  const hash = location.hash || '#/vbrs';
  const route = ROUTES.find(([re]) => re.test(hash));
  if (!route) {
    location.hash = '#/vbrs';
    return;
  }
  const [re, view, title] = route;
  const { main } = shell(s, title);
  main.replaceChildren(h('p', { role: 'status', id: 'loading' }, 'Loading…'));
  const mine = ++rendering;
  const ctx: ViewContext = {
    api: new Api(s),
    regionId: s.regionId,
    go: (r) => (location.hash = r),
    refresh: () => void render(),
    onLeave: (stop) => (mine === rendering ? leaving.push(stop) : stop()),
  };
  try {
    const el = await view(ctx, re.exec(hash)!.slice(1));
    if (mine === rendering) main.replaceChildren(el);
  } catch (e) {
    if (mine !== rendering) return;
    if (e instanceof ApiFailure && (e.code === 'SignatureDoesNotMatch' || e.code.startsWith('InvalidAccessKeyId'))) {
      clearSession();
      return signIn(e);
    }
    main.replaceChildren(errorBox(e));
  }
}

window.addEventListener('hashchange', () => void render());
void render();
