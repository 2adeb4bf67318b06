// One VBR: its topology, BGP groups, peers (live) and networks, with their forms; a peer's timeline.
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { ApiFailure } from './api.js';
import type { View, ViewContext } from './context.js';
import { section, vbrs, type Vbr } from './views-network.js';
import { actionButton, badge, errorBox, form, h, stateClass, table } from './ui.js';

interface Group {
  BgpGroupId: string;
  Name: string;
  PeerAsn: number;
  Status: string;
  AuthKey?: string;
}

export interface Peer {
  BgpPeerId: string;
  BgpGroupId: string;
  PeerIpAddress: string;
  Status: string;
  BgpStatus: string;
  EnableBfd: boolean;
  ReceivedRouteCount: number;
  AdvertisedRouteCount: number;
  VbrdApplyError?: string;
  /** The BFD session's state as the data plane reports it (a vbrd extension; absent without one). */
  VbrdBfdStatus?: string;
}

interface Network {
  DstCidrBlock: string;
  Status: string;
}

/** How often live peer state is read again. */
const LIVE_MS = 1000;

async function groupsOf(ctx: ViewContext, vbrId: string): Promise<Group[]> {
  const r = await ctx.api.call<{ BgpGroups: { BgpGroup: Group[] } }>('DescribeBgpGroups', {
    RegionId: ctx.regionId,
    RouterId: vbrId,
    PageSize: 50,
  });
  return r.BgpGroups.BgpGroup;
}

export async function peersOf(ctx: ViewContext, vbrId: string): Promise<Peer[]> {
  const r = await ctx.api.call<{ BgpPeers: { BgpPeer: Peer[] } }>('DescribeBgpPeers', {
    RegionId: ctx.regionId,
    RouterId: vbrId,
    PageSize: 50,
  });
  return r.BgpPeers.BgpPeer;
}

async function networksOf(ctx: ViewContext, vbrId: string): Promise<Network[]> {
  const r = await ctx.api.call<{ BgpNetworks: { BgpNetwork: Network[] } }>('DescribeBgpNetworks', {
    RegionId: ctx.regionId,
    RouterId: vbrId,
    PageSize: 50,
  });
  return r.BgpNetworks.BgpNetwork;
}

const SVG = 'http://www.w3.org/2000/svg';
function svg(tag: string, attrs: Record<string, string | number>, text?: string): SVGElement {
  const el = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, String(v));
  if (text !== undefined) el.textContent = text;
  return el;
}

/** Circuit → VBR → groups → peers, each box coloured (and labelled) by its state. */
export function topology(vbr: Vbr, groups: Group[], peers: Peer[]): SVGElement {
  const col = [10, 230, 450, 670];
  const rowH = 46;
  const peerRows = Math.max(1, peers.length, groups.length);
  const height = peerRows * rowH + 20;
  const root = svg('svg', { viewBox: `0 0 860 ${height}`, role: 'img', class: 'topology', 'aria-labelledby': 'topo-title' });
  const summary = `Circuit ${vbr.PhysicalConnectionId} to VBR ${vbr.VbrId} (${vbr.Status}); ${groups.length} BGP groups; ${peers.length} peers: ${peers
    .map((p) => `${p.PeerIpAddress} ${p.Status}/${p.BgpStatus}`)
    .join(', ')}`;
  root.append(svg('title', { id: 'topo-title' }, summary));
  const mid = height / 2 - 18;
  const box = (x: number, y: number, label: string, sub: string, state: string) => {
    const g = svg('g', { class: `node state-${stateClass(state)}` });
    // Ids are 25 characters: the box shows their start, its title the whole of them.
    const short = (t: string) => (t.length > 24 ? `${t.slice(0, 23)}…` : t);
    g.append(
      svg('title', {}, `${label}: ${sub}`),
      svg('rect', { x, y, width: 180, height: 36, rx: 6 }),
      svg('text', { x: x + 8, y: y + 15 }, short(label)),
      svg('text', { x: x + 8, y: y + 30, class: 'sub' }, short(sub)),
    );
    root.append(g);
  };
  const line = (x1: number, y1: number, x2: number, y2: number) => root.append(svg('line', { x1, y1, x2, y2, class: 'edge' }));
  box(col[0]!, mid, vbr.PhysicalConnectionId, 'circuit', 'Enabled');
  line(col[0]! + 180, mid + 18, col[1]!, mid + 18);
  box(col[1]!, mid, vbr.VbrId, `VBR · ${vbr.Status}`, vbr.Status);
  groups.forEach((g, i) => {
    const gy = 10 + i * rowH * (peerRows / Math.max(1, groups.length));
    line(col[1]! + 180, mid + 18, col[2]!, gy + 18);
    box(col[2]!, gy, g.Name || g.BgpGroupId, `AS ${g.PeerAsn} · ${g.Status}`, g.Status);
    peers
      .filter((p) => p.BgpGroupId === g.BgpGroupId)
      .forEach((p) => {
        const py = 10 + peers.indexOf(p) * rowH;
        line(col[2]! + 180, gy + 18, col[3]!, py + 18);
        box(col[3]!, py, p.PeerIpAddress || p.BgpPeerId, `${p.Status} · ${p.BgpStatus}`, p.Status === 'Available' ? p.BgpStatus : p.Status);
      });
  });
  return root;
}

function peerRow(p: Peer): HTMLElement[] {
  return [
    h('td', { 'data-label': 'Peer' }, h('a', { href: `#/peers/${p.BgpPeerId}` }, p.BgpPeerId)),
    h('td', { 'data-label': 'Address' }, p.PeerIpAddress),
    h('td', { 'data-label': 'Status', class: 'peer-status' }, badge(p.Status)),
    h('td', { 'data-label': 'BgpStatus', class: 'peer-bgp' }, badge(p.BgpStatus)),
    h('td', { 'data-label': 'BFD' }, p.EnableBfd ? (p.VbrdBfdStatus ? `on · ${p.VbrdBfdStatus}` : 'on') : 'off'),
    h('td', { 'data-label': 'Received' }, p.ReceivedRouteCount),
    h('td', { 'data-label': 'Advertised' }, p.AdvertisedRouteCount),
    h('td', { 'data-label': 'Apply error' }, p.VbrdApplyError ?? ''),
  ];
}

/**
 * Bring the live table up to date without replacing what did not change: a row stays the same element
 * while its peer exists, and its cells are rewritten only when the peer's state changed, so keyboard
 * focus on a row's link and a screen reader's place survive the refresh every second.
 */
function updateRows(tbody: HTMLElement, peers: Peer[]): void {
  const rows = new Map([...tbody.querySelectorAll<HTMLTableRowElement>('tr[data-peer]')].map((r) => [r.dataset.peer!, r]));
  const keep = new Set(peers.map((p) => p.BgpPeerId));
  for (const [id, r] of rows) if (!keep.has(id)) r.remove();
  let previous: Element | null = null;
  for (const p of peers) {
    const state = JSON.stringify(p);
    let r = rows.get(p.BgpPeerId);
    if (!r) {
      r = h('tr', { 'data-peer': p.BgpPeerId }, peerRow(p));
    } else if (r.dataset.state !== state) {
      // The first cell holds the link, the same for ever: only the others are rewritten.
      const cells = peerRow(p);
      [...r.cells].slice(1).forEach((c, i) => c.replaceWith(cells[i + 1]!));
    }
    r.dataset.state = state;
    if (previous ? previous.nextElementSibling !== r : tbody.firstElementChild !== r) {
      if (previous) previous.after(r);
      else tbody.prepend(r);
    }
    previous = r;
  }
}

export const vbrView: View = async (ctx, [vbrId]) => {
  // A RAM user allowed one VBR may not list VBRs (a Describe of them all): its VBR's BGP views still work.
  let listDenied: HTMLElement | null = null;
  let vbr: Vbr | undefined;
  try {
    vbr = (await vbrs(ctx)).find((v) => v.VbrId === vbrId);
  } catch (e) {
    if (!(e instanceof ApiFailure) || e.code !== 'Forbidden.RAM') throw e;
    listDenied = errorBox(e);
    vbr = {
      VbrId: vbrId!,
      Name: '',
      Status: '',
      PhysicalConnectionId: '',
      VlanId: 0,
      LocalGatewayIp: '',
      PeerGatewayIp: '',
      PeeringSubnetMask: '',
    };
  }
  if (!vbr) return h('div', {}, h('h1', {}, vbrId ?? ''), h('p', { role: 'alert' }, 'No such VBR in this region, or it is not yours.'));
  const messages = h('div', { id: 'bgp-messages', 'aria-live': 'polite' });
  let groups: Group[] = [];
  const groupSection = await section('BGP groups', async () => {
    groups = await groupsOf(ctx, vbr.VbrId);
    return table(
      'BGP groups',
      [
        { label: 'Group', cell: (g) => h('code', {}, g.BgpGroupId) },
        { label: 'Name', cell: (g) => g.Name },
        { label: 'Peer ASN', cell: (g) => g.PeerAsn },
        { label: 'Status', cell: (g) => badge(g.Status) },
        {
          label: 'Actions',
          cell: (g) =>
            actionButton('Delete', () => ctx.api.call('DeleteBgpGroup', { RegionId: ctx.regionId, BgpGroupId: g.BgpGroupId }), {
              confirm: 'Delete this BGP group?',
              onDone: ctx.refresh,
              where: messages,
            }),
        },
      ],
      groups,
    );
  });
  const topo = h('figure', { class: 'topology-wrap' }, h('figcaption', {}, 'Topology'));
  const live = h('p', { class: 'live', role: 'status' }, 'Reading peers…');
  const tbody = h('tbody', {});
  const peerTable = h(
    'div',
    { class: 'table-wrap' },
    h(
      'table',
      { id: 'peers' },
      h('caption', {}, 'BGP peers (live)'),
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          ['Peer', 'Address', 'Status', 'BgpStatus', 'BFD', 'Received', 'Advertised', 'Apply error'].map((l) =>
            h('th', { scope: 'col' }, l),
          ),
        ),
      ),
      tbody,
    ),
  );
  const peerErrors = h('div', {});
  let stopped = false;
  const poll = async () => {
    try {
      const peers = await peersOf(ctx, vbr.VbrId);
      if (stopped) return;
      updateRows(tbody, peers);
      topo.replaceChildren(h('figcaption', {}, 'Topology'), topology(vbr, groups, peers));
      live.textContent = `${peers.length} peer${peers.length === 1 ? '' : 's'} · updated ${new Date().toLocaleTimeString()}`;
      peerErrors.replaceChildren();
    } catch (e) {
      peerErrors.replaceChildren(errorBox(e));
    }
  };
  await poll();
  const timer = setInterval(() => void poll(), LIVE_MS);
  ctx.onLeave(() => {
    stopped = true;
    clearInterval(timer);
  });
  const peerActions = h(
    'div',
    { class: 'forms' },
    form(
      'Create a BGP peer',
      [
        { name: 'BgpGroupId', label: 'BGP group', type: 'select', options: groups.map((g) => g.BgpGroupId), required: true },
        { name: 'PeerIpAddress', label: 'Peer address', value: vbr.PeerGatewayIp },
        { name: 'EnableBfd', label: 'BFD', type: 'checkbox' },
      ],
      'Create peer',
      async (v) => {
        await ctx.api.call('CreateBgpPeer', { RegionId: ctx.regionId, ...v });
        await poll();
      },
    ),
    form(
      'Modify a BGP peer',
      [
        { name: 'BgpPeerId', label: 'Peer', required: true, hint: 'bgp-…' },
        { name: 'PeerIpAddress', label: 'New peer address' },
        { name: 'EnableBfd', label: 'BFD', type: 'select', options: ['', 'true', 'false'] },
      ],
      'Modify peer',
      async (v) => {
        await ctx.api.call('ModifyBgpPeerAttribute', { RegionId: ctx.regionId, ...v });
        await poll();
      },
    ),
    form('Delete a BGP peer', [{ name: 'BgpPeerId', label: 'Peer', required: true, hint: 'bgp-…' }], 'Delete peer', async (v) => {
      await ctx.api.call('DeleteBgpPeer', { RegionId: ctx.regionId, ...v });
      await poll();
    }),
  );
  const groupForm = form(
    'Create a BGP group',
    [
      { name: 'PeerAsn', label: 'Peer ASN', type: 'number', value: '65001', required: true },
      { name: 'Name', label: 'Name' },
      { name: 'AuthKey', label: 'MD5 key' },
    ],
    'Create group',
    async (v) => {
      await ctx.api.call('CreateBgpGroup', { RegionId: ctx.regionId, RouterId: vbr.VbrId, ...v });
      ctx.refresh();
    },
  );
  const groupModify = form(
    'Modify a BGP group',
    [
      { name: 'BgpGroupId', label: 'BGP group', type: 'select', options: groups.map((g) => g.BgpGroupId), required: true },
      { name: 'Name', label: 'New name' },
      { name: 'PeerAsn', label: 'New peer ASN', type: 'number' },
      { name: 'AuthKey', label: 'New MD5 key' },
    ],
    'Modify group',
    async (v) => {
      await ctx.api.call('ModifyBgpGroupAttribute', { RegionId: ctx.regionId, ...v });
      ctx.refresh();
    },
  );
  const networks = await section('BGP networks', async () => {
    const rows = await networksOf(ctx, vbr.VbrId);
    return [
      table(
        'BGP networks',
        [
          { label: 'Prefix', cell: (n) => n.DstCidrBlock },
          { label: 'Status', cell: (n) => badge(n.Status) },
          {
            label: 'Actions',
            cell: (n) =>
              actionButton(
                'Delete',
                () => ctx.api.call('DeleteBgpNetwork', { RegionId: ctx.regionId, RouterId: vbr.VbrId, DstCidrBlock: n.DstCidrBlock }),
                { confirm: 'Delete this network?', onDone: ctx.refresh, where: messages },
              ),
          },
        ],
        rows,
      ),
      form(
        'Advertise a network',
        [{ name: 'DstCidrBlock', label: 'Prefix', required: true, hint: 'e.g. 10.1.0.0/24' }],
        'Add network',
        async (v) => {
          await ctx.api.call('AddBgpNetwork', { RegionId: ctx.regionId, RouterId: vbr.VbrId, ...v });
          ctx.refresh();
        },
      ),
    ];
  });
  return h(
    'div',
    {},
    h('h1', {}, `VBR ${vbr.VbrId}`, ' ', badge(vbr.Status)),
    listDenied ??
      h(
        'p',
        {},
        `${vbr.Name ? vbr.Name + ' · ' : ''}circuit ${vbr.PhysicalConnectionId} · VLAN ${vbr.VlanId} · ${vbr.LocalGatewayIp} ↔ ${vbr.PeerGatewayIp}`,
      ),
    messages,
    topo,
    groupSection,
    h('div', { class: 'forms' }, groupForm, groupModify),
    h('section', { 'aria-labelledby': 'peers-h' }, h('h2', { id: 'peers-h' }, 'BGP peers'), live, peerErrors, peerTable, peerActions),
    networks,
  );
};

/** Session states, lowest (down) to highest (up), as the timeline's y axis. */
const LEVELS = ['Idle', 'Connect', 'Active', 'OpenSent', 'OpenConfirm', 'Established'];

interface Transition {
  TimeMs: number;
  From: string;
  To: string;
  Time: string;
}

/** The last hours of a peer's BgpStatus as a step chart (uPlot), with the same data as a table. */
export const peerView: View = async (ctx, [peerId]) => {
  const hours = Number(new URLSearchParams(location.hash.split('?')[1] ?? '').get('hours') ?? 6) || 6;
  const since = Date.now() - hours * 3600_000;
  let body: HTMLElement;
  try {
    const r = await ctx.api.call<{ Transitions: Transition[]; RouterId: string }>(
      'DescribeBgpPeerHistory',
      { RegionId: ctx.regionId, BgpPeerId: peerId, StartTime: since },
      'vbrd',
    );
    const t = r.Transitions;
    const xs: number[] = [since / 1000];
    const ys: number[] = [LEVELS.indexOf(t[0]?.From ?? 'Idle')];
    for (const x of t) {
      xs.push(x.TimeMs / 1000);
      ys.push(LEVELS.indexOf(x.To));
    }
    xs.push(Date.now() / 1000);
    ys.push(ys[ys.length - 1]!);
    const chart = h('div', {
      class: 'chart',
      role: 'img',
      'aria-label': `BgpStatus of ${peerId} over the last ${hours} hours: ${t.length} changes, now ${t.at(-1)?.To ?? 'unchanged'}`,
    });
    const width = Math.min(900, (document.querySelector('main')?.clientWidth ?? 800) - 20);
    new uPlot(
      {
        width,
        height: 260,
        scales: { y: { range: [-0.5, LEVELS.length - 0.5] } },
        axes: [{}, { values: (_u, vals) => vals.map((v) => LEVELS[v] ?? ''), splits: () => LEVELS.map((_, i) => i), size: 110 }],
        series: [
          {},
          { label: 'BgpStatus', stroke: '#1a7f37', width: 2, paths: uPlot.paths.stepped!({ align: 1 }), value: (_u, v) => LEVELS[v] ?? '' },
        ],
        legend: { show: false },
      },
      [xs, ys],
      chart,
    );
    body = h(
      'div',
      {},
      h('p', {}, h('a', { href: `#/vbrs/${r.RouterId}` }, `← VBR ${r.RouterId}`)),
      chart,
      table(
        'Transitions',
        [
          { label: 'Time', cell: (x) => x.Time.replace('T', ' ').replace('Z', ' UTC') },
          { label: 'From', cell: (x) => badge(x.From) },
          { label: 'To', cell: (x) => badge(x.To) },
        ],
        [...t].reverse(),
        'no change in this time.',
      ),
    );
  } catch (e) {
    body = errorBox(e);
  }
  return h(
    'div',
    {},
    h('h1', {}, `Peer ${peerId}: session timeline`),
    h('p', {}, `BgpStatus over the last ${hours} hours, as the reconciler saw it.`),
    h(
      'p',
      { class: 'actions', role: 'group', 'aria-label': 'Time range' },
      [1, 6, 24].map((n) => h('a', { href: `#/peers/${peerId}?hours=${n}`, 'aria-current': n === hours ? 'true' : undefined }, `${n} h`)),
    ),
    body,
  );
};
