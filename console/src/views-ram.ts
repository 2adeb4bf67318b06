// RAM users, their keys and policies; the account's audit trail, filterable.
import type { View } from './context.js';
import { section } from './views-network.js';
import { actionButton, badge, form, h, table, time } from './ui.js';

interface User {
  UserName: string;
  UserId: string;
  DisplayName?: string;
  CreateDate?: string;
}
interface Policy {
  PolicyName: string;
  PolicyType: string;
  Description?: string;
}

export const ramView: View = async (ctx) => {
  const messages = h('div', { id: 'ram-messages', 'aria-live': 'polite' });
  const users = await section('Users', async () => {
    const r = await ctx.api.call<{ Users: { User: User[] } }>('ListUsers', {}, 'ram');
    const rows = await Promise.all(
      r.Users.User.map(async (u) => {
        const [keys, policies] = await Promise.all([
          ctx.api.call<{ AccessKeys: { AccessKey: { AccessKeyId: string; Status: string }[] } }>(
            'ListAccessKeys',
            { UserName: u.UserName },
            'ram',
          ),
          ctx.api.call<{ Policies: { Policy: Policy[] } }>('ListPoliciesForUser', { UserName: u.UserName }, 'ram'),
        ]);
        return { u, keys: keys.AccessKeys.AccessKey, policies: policies.Policies.Policy };
      }),
    );
    return table(
      'RAM users',
      [
        { label: 'User', cell: (x) => x.u.UserName },
        { label: 'Keys', cell: (x) => x.keys.map((k) => h('div', {}, h('code', {}, k.AccessKeyId), ' ', badge(k.Status))) },
        { label: 'Policies', cell: (x) => x.policies.map((p) => h('div', {}, `${p.PolicyName} (${p.PolicyType})`)) },
        { label: 'Created', cell: (x) => time(x.u.CreateDate) },
        {
          label: 'Actions',
          cell: (x) =>
            actionButton('Delete', () => ctx.api.call('DeleteUser', { UserName: x.u.UserName }, 'ram'), {
              confirm: `Delete user ${x.u.UserName}?`,
              onDone: ctx.refresh,
              where: messages,
            }),
        },
      ],
      rows,
    );
  });
  const policies = await section('Policies', async () => {
    const r = await ctx.api.call<{ Policies: { Policy: Policy[] } }>('ListPolicies', { PolicyType: 'Custom', MaxItems: 100 }, 'ram');
    return table(
      'Custom policies',
      [
        { label: 'Policy', cell: (p) => p.PolicyName },
        { label: 'Type', cell: (p) => p.PolicyType },
        { label: 'Description', cell: (p) => p.Description ?? '' },
      ],
      r.Policies.Policy,
    );
  });
  const forms = h(
    'div',
    { class: 'forms' },
    form('Create a user', [{ name: 'UserName', label: 'User name', required: true }], 'Create user', async (v) => {
      await ctx.api.call('CreateUser', v, 'ram');
      ctx.refresh();
    }),
    form(
      'Create a policy',
      [
        { name: 'PolicyName', label: 'Policy name', required: true },
        {
          name: 'PolicyDocument',
          label: 'Document (JSON)',
          type: 'textarea',
          value: '{"Version":"1","Statement":[{"Effect":"Allow","Action":"vpc:Describe*","Resource":"*"}]}',
        },
      ],
      'Create policy',
      async (v) => {
        await ctx.api.call('CreatePolicy', v, 'ram');
        ctx.refresh();
      },
    ),
    form(
      'Attach a policy',
      [
        { name: 'UserName', label: 'User name', required: true },
        { name: 'PolicyName', label: 'Policy name', required: true },
        { name: 'PolicyType', label: 'Policy type', type: 'select', options: ['Custom', 'System'] },
      ],
      'Attach',
      async (v) => {
        await ctx.api.call('AttachPolicyToUser', v, 'ram');
        ctx.refresh();
      },
    ),
    form('Create an AccessKey', [{ name: 'UserName', label: 'User name', required: true }], 'Create key', async (v) => {
      const r = await ctx.api.call<{ AccessKey: { AccessKeyId: string; AccessKeySecret: string } }>('CreateAccessKey', v, 'ram');
      // Shown once, as Alibaba's console does; never stored by the console.
      messages.replaceChildren(
        h(
          'p',
          { role: 'status', class: 'ok' },
          `New key ${r.AccessKey.AccessKeyId}; its secret (shown once): `,
          h('code', {}, r.AccessKey.AccessKeySecret),
        ),
      );
    }),
  );
  return h('div', {}, h('h1', {}, 'RAM'), messages, users, policies, forms);
};

interface Event {
  Time: string;
  Principal: string;
  EventName: string;
  Resource: string;
  Decision: string;
  Code: string;
  RequestId: string;
  SourceIp: string;
}

export const auditView: View = async (ctx, _params) => {
  const q = new URLSearchParams(location.hash.split('?')[1] ?? '');
  const filters = { EventName: q.get('EventName') ?? '', Principal: q.get('Principal') ?? '', Decision: q.get('Decision') ?? '' };
  const filterForm = h(
    'form',
    { class: 'filters', 'aria-label': 'Filter the audit trail' },
    ...(['EventName', 'Principal'] as const).map((name) =>
      h(
        'div',
        { class: 'field' },
        h('label', { for: `audit-${name}` }, name === 'EventName' ? 'Action (e.g. vpc:CreateBgpPeer)' : 'Principal (e.g. user:alice)'),
        h('input', { id: `audit-${name}`, name, value: filters[name] }),
      ),
    ),
    h(
      'div',
      { class: 'field' },
      h('label', { for: 'audit-Decision' }, 'Decision'),
      h(
        'select',
        { id: 'audit-Decision', name: 'Decision' },
        ['', 'Root', 'Allow', 'ImplicitDeny', 'ExplicitDeny', 'SoftDeny'].map((d) =>
          h('option', { value: d, selected: d === filters.Decision }, d || 'any'),
        ),
      ),
    ),
    h('button', { type: 'submit' }, 'Filter'),
  );
  filterForm.addEventListener('submit', (e) => {
    e.preventDefault();
    const data = new URLSearchParams();
    for (const el of filterForm.querySelectorAll<HTMLInputElement | HTMLSelectElement>('input, select'))
      if (el.value) data.set(el.name, el.value);
    ctx.go(`#/audit?${data.toString()}`);
  });
  const list = await section('Events', async () => {
    const r = await ctx.api.call<{ Events: Event[] }>('DescribeAuditTrail', { ...filters, MaxEntries: 200 }, 'vbrd');
    return table(
      'Audit trail, newest first',
      [
        { label: 'Time', cell: (e) => time(e.Time) },
        { label: 'Principal', cell: (e) => e.Principal },
        { label: 'Action', cell: (e) => e.EventName },
        { label: 'Resource', cell: (e) => h('code', {}, e.Resource) },
        { label: 'Decision', cell: (e) => e.Decision },
        { label: 'Code', cell: (e) => e.Code },
        { label: 'RequestId', cell: (e) => h('code', {}, e.RequestId) },
      ],
      [...r.Events].reverse(),
    );
  });
  return h('div', {}, h('h1', {}, 'Audit trail'), filterForm, list);
};
