// Regions and access points, physical connections with their lifecycle, VBRs.
import { ApiFailure, type Json } from './api.js';
import type { View, ViewContext } from './context.js';
import { actionButton, badge, errorBox, form, h, table, time } from './ui.js';

export interface Circuit {
  PhysicalConnectionId: string;
  Name: string;
  Status: string;
  AccessPointId: string;
  PortNumber?: string;
  Bandwidth?: number;
  LineOperator: string;
  BusinessStatus?: string;
}

export interface Vbr {
  VbrId: string;
  Name: string;
  Status: string;
  PhysicalConnectionId: string;
  VlanId: number;
  LocalGatewayIp: string;
  PeerGatewayIp: string;
  PeeringSubnetMask: string;
  CreationTime?: string;
}

/** A part of the page that loads on its own, so one refusal (RAM) does not blank the whole view. */
export async function section(title: string, load: () => Promise<HTMLElement | HTMLElement[]>): Promise<HTMLElement> {
  const id = `s-${title.toLowerCase().replace(/[^a-z0-9]+/g, '-')}`;
  let body: HTMLElement | HTMLElement[];
  try {
    body = await load();
  } catch (e) {
    body = errorBox(e);
  }
  return h('section', { 'aria-labelledby': id }, h('h2', { id }, title), body);
}

export async function circuits(ctx: ViewContext): Promise<Circuit[]> {
  const r = await ctx.api.call<{ PhysicalConnectionSet: { PhysicalConnectionType: Circuit[] } }>('DescribePhysicalConnections', {
    RegionId: ctx.regionId,
    PageSize: 50,
  });
  return r.PhysicalConnectionSet.PhysicalConnectionType;
}

export async function vbrs(ctx: ViewContext): Promise<Vbr[]> {
  const r = await ctx.api.call<{ VirtualBorderRouterSet: { VirtualBorderRouterType: Vbr[] } }>('DescribeVirtualBorderRouters', {
    RegionId: ctx.regionId,
    PageSize: 50,
  });
  return r.VirtualBorderRouterSet.VirtualBorderRouterType;
}

interface AccessPoint {
  AccessPointId: string;
  Name: string;
  Location: string;
  Status: string;
}

export const regionsView: View = async (ctx) => {
  const regions = await section('Regions', async () => {
    const r = await ctx.api.call<{ Regions: { Region: { RegionId: string; LocalName: string }[] } }>('DescribeRegions', {
      AcceptLanguage: 'en-US',
    });
    return table(
      'Regions vbrd serves',
      [
        { label: 'Region', cell: (x) => x.RegionId },
        { label: 'Name', cell: (x) => x.LocalName },
        { label: '', cell: (x) => (x.RegionId === ctx.regionId ? h('span', { class: 'badge state-good' }, 'current') : '') },
      ],
      r.Regions.Region,
    );
  });
  const aps = await section(`Access points in ${ctx.regionId}`, async () => {
    const [list, ports] = await Promise.all([
      ctx.api.call<{ AccessPointSet: { AccessPointType: AccessPoint[] } }>('DescribeAccessPoints', {
        RegionId: ctx.regionId,
        PageSize: 50,
      }),
      ctx.api
        .call<{ AccessPoints: { AccessPointId: string; TotalPorts: number; FreePorts: number }[] }>(
          'DescribeAccessPointPorts',
          { RegionId: ctx.regionId },
          'vbrd',
        )
        .catch((e: unknown) => e as ApiFailure),
    ]);
    const byId = new Map(ports instanceof ApiFailure ? [] : ports.AccessPoints.map((p) => [p.AccessPointId, p]));
    return [
      table(
        'Access points',
        [
          { label: 'Access point', cell: (x) => x.AccessPointId },
          { label: 'Name', cell: (x) => x.Name },
          { label: 'Location', cell: (x) => x.Location },
          { label: 'Status', cell: (x) => badge(x.Status) },
          {
            label: 'Free ports',
            cell: (x) =>
              byId.has(x.AccessPointId) ? `${byId.get(x.AccessPointId)!.FreePorts} of ${byId.get(x.AccessPointId)!.TotalPorts}` : '—',
          },
        ],
        list.AccessPointSet.AccessPointType,
      ),
      ...(ports instanceof ApiFailure ? [errorBox(ports)] : []),
    ];
  });
  return h('div', {}, h('h1', {}, 'Regions and access points'), regions, aps);
};

/** The lifecycle buttons a circuit in this state offers (the API decides whether each may run). */
const LIFECYCLE: Record<string, [label: string, action: string, confirm?: string][]> = {
  Allocated: [
    ['Confirm', 'ConfirmPhysicalConnection'],
    ['Cancel', 'CancelPhysicalConnection', 'Cancel this circuit?'],
  ],
  Confirmed: [['Enable', 'EnablePhysicalConnection']],
  Enabled: [['Terminate', 'TerminatePhysicalConnection', 'Terminate this circuit?']],
  Initial: [['Cancel', 'CancelPhysicalConnection', 'Cancel this circuit?']],
  Terminated: [['Delete', 'DeletePhysicalConnection', 'Delete this circuit?']],
  Canceled: [['Delete', 'DeletePhysicalConnection', 'Delete this circuit?']],
};

export const circuitsView: View = async (ctx) => {
  const messages = h('div', { id: 'circuit-messages', 'aria-live': 'polite' });
  const service = await section('Physical connection service', async () => {
    const s = await ctx.api.call<{ Enabled: boolean }>('GetPhysicalConnectionServiceStatus', { RegionId: ctx.regionId });
    return h(
      'p',
      {},
      s.Enabled ? badge('Enabled') : badge('Not open'),
      ' ',
      s.Enabled
        ? ''
        : actionButton('Open the service', () => ctx.api.call('OpenPhysicalConnectionService', { RegionId: ctx.regionId }), {
            onDone: ctx.refresh,
            where: messages,
          }),
    );
  });
  const list = await section('Physical connections', async () => {
    const rows = await circuits(ctx);
    return table(
      'Physical connections',
      [
        { label: 'Id', cell: (c) => h('code', {}, c.PhysicalConnectionId) },
        { label: 'Name', cell: (c) => c.Name },
        { label: 'Status', cell: (c) => badge(c.Status) },
        { label: 'Access point', cell: (c) => c.AccessPointId },
        { label: 'Port', cell: (c) => c.PortNumber ?? '' },
        { label: 'Bandwidth', cell: (c) => (c.Bandwidth ? `${c.Bandwidth} Mbps` : '') },
        {
          label: 'Actions',
          cell: (c) =>
            h(
              'span',
              { class: 'actions', role: 'group', 'aria-label': `Actions for ${c.PhysicalConnectionId}` },
              (LIFECYCLE[c.Status] ?? []).map(([label, action, confirm]) =>
                actionButton(label, () => ctx.api.call(action, { RegionId: ctx.regionId, PhysicalConnectionId: c.PhysicalConnectionId }), {
                  confirm,
                  onDone: ctx.refresh,
                  where: messages,
                }),
              ),
            ),
        },
      ],
      rows,
    );
  });
  const aps = await ctx.api
    .call<{ AccessPointSet: { AccessPointType: AccessPoint[] } }>('DescribeAccessPoints', { RegionId: ctx.regionId, PageSize: 50 })
    .then((r) => r.AccessPointSet.AccessPointType.map((a) => a.AccessPointId))
    .catch(() => [] as string[]);
  const create = form(
    'Create a physical connection',
    [
      { name: 'AccessPointId', label: 'Access point', type: aps.length ? 'select' : 'text', options: aps, required: true },
      { name: 'LineOperator', label: 'Line operator', type: 'select', options: ['CT', 'CU', 'CM', 'CO', 'Equinix', 'Other'], value: 'CT' },
      {
        name: 'PortType',
        label: 'Port type',
        type: 'select',
        options: ['1000Base-LX', '10GBase-LR', '100GBase-LR', '1000Base-T'],
        value: '10GBase-LR',
      },
      { name: 'Name', label: 'Name' },
    ],
    'Create',
    async (v) => {
      await ctx.api.call('CreatePhysicalConnection', { RegionId: ctx.regionId, ...v });
      ctx.refresh();
    },
  );
  const modify = form(
    'Modify a physical connection',
    [
      { name: 'PhysicalConnectionId', label: 'Physical connection', required: true, hint: 'pc-…' },
      { name: 'Name', label: 'New name' },
      { name: 'Description', label: 'New description' },
    ],
    'Modify',
    async (v) => {
      await ctx.api.call('ModifyPhysicalConnectionAttribute', { RegionId: ctx.regionId, ...v });
      ctx.refresh();
    },
  );
  return h('div', {}, h('h1', {}, 'Physical connections'), messages, service, list, h('div', { class: 'forms' }, create, modify));
};

export const vbrsView: View = async (ctx) => {
  const messages = h('div', { id: 'vbr-messages', 'aria-live': 'polite' });
  const list = await section('Virtual border routers', async () => {
    const rows = await vbrs(ctx);
    return table(
      'Virtual border routers',
      [
        { label: 'Id', cell: (v) => h('a', { href: `#/vbrs/${v.VbrId}` }, v.VbrId) },
        { label: 'Name', cell: (v) => v.Name },
        { label: 'Status', cell: (v) => badge(v.Status) },
        { label: 'Circuit', cell: (v) => h('code', {}, v.PhysicalConnectionId) },
        { label: 'VLAN', cell: (v) => v.VlanId },
        { label: 'Addresses', cell: (v) => `${v.LocalGatewayIp} ↔ ${v.PeerGatewayIp} / ${v.PeeringSubnetMask}` },
        { label: 'Created', cell: (v) => time(v.CreationTime) },
        {
          label: 'Actions',
          cell: (v) =>
            h(
              'span',
              { class: 'actions', role: 'group', 'aria-label': `Actions for ${v.VbrId}` },
              v.Status === 'active'
                ? actionButton(
                    'Terminate',
                    () => ctx.api.call('TerminateVirtualBorderRouter', { RegionId: ctx.regionId, VbrId: v.VbrId }),
                    { confirm: 'Terminate this VBR?', onDone: ctx.refresh, where: messages },
                  )
                : v.Status === 'terminated'
                  ? actionButton('Recover', () => ctx.api.call('RecoverVirtualBorderRouter', { RegionId: ctx.regionId, VbrId: v.VbrId }), {
                      onDone: ctx.refresh,
                      where: messages,
                    })
                  : null,
              actionButton('Delete', () => ctx.api.call('DeleteVirtualBorderRouter', { RegionId: ctx.regionId, VbrId: v.VbrId }), {
                confirm: 'Delete this VBR?',
                onDone: ctx.refresh,
                where: messages,
              }),
            ),
        },
      ],
      rows,
    );
  });
  const enabled = await circuits(ctx)
    .then((cs) => cs.filter((c) => c.Status === 'Enabled').map((c) => c.PhysicalConnectionId))
    .catch(() => [] as string[]);
  const create = form(
    'Create a VBR',
    [
      {
        name: 'PhysicalConnectionId',
        label: 'Physical connection',
        type: enabled.length ? 'select' : 'text',
        options: enabled,
        required: true,
      },
      { name: 'VlanId', label: 'VLAN', type: 'number', value: '100', required: true },
      { name: 'LocalGatewayIp', label: 'Alibaba side address', value: '10.0.0.1' },
      { name: 'PeerGatewayIp', label: 'Customer side address', value: '10.0.0.2' },
      { name: 'PeeringSubnetMask', label: 'Subnet mask', value: '255.255.255.252' },
      { name: 'Name', label: 'Name' },
    ],
    'Create',
    async (v) => {
      await ctx.api.call('CreateVirtualBorderRouter', { RegionId: ctx.regionId, ...v });
      ctx.refresh();
    },
  );
  const modify = form(
    'Modify a VBR',
    [
      { name: 'VbrId', label: 'VBR', required: true, hint: 'vbr-…' },
      { name: 'Name', label: 'New name' },
      { name: 'VlanId', label: 'New VLAN', type: 'number' },
      { name: 'LocalGatewayIp', label: 'New Alibaba side address' },
      { name: 'PeerGatewayIp', label: 'New customer side address' },
      { name: 'PeeringSubnetMask', label: 'New subnet mask' },
    ],
    'Modify',
    async (v) => {
      await ctx.api.call('ModifyVirtualBorderRouterAttribute', { RegionId: ctx.regionId, ...v });
      ctx.refresh();
    },
  );
  return h('div', {}, h('h1', {}, 'Virtual border routers'), messages, list, h('div', { class: 'forms' }, create, modify));
};

export type { Json };
