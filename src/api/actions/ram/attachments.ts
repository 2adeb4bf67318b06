// AttachPolicyToUser, DetachPolicyFromUser, ListPoliciesForUser.
import { readAction, writeAction } from '../../action.js';
import { apiError } from '../../../errors/catalogue.js';
import { isoSeconds, newId } from '../../../domain/ids.js';
import type { ResourceRecord } from '../../../store/record.js';
import { findSystemPolicy } from '../../../auth/policy/index.js';
import { attachmentsOf, findCustomPolicy, requireUser } from '../../../auth/ram/lookup.js';
import { RAM_REGION, type RamPolicyAttachmentData } from '../../../auth/ram/model.js';
import { parsePolicyType } from '../../../auth/ram/validate.js';
import { accountLock, userArn } from './shared.js';

const attachParams = {
  PolicyType: { type: 'string', required: true },
  PolicyName: { type: 'string', required: true },
  UserName: { type: 'string', required: true },
} as const;

export const attachPolicyToUser = writeAction({
  name: 'AttachPolicyToUser',
  product: 'ram',
  params: attachParams,
  resource: (ctx, p) => userArn(ctx, p.UserName),
  locks: accountLock,
  async run(ctx, p) {
    const type = parsePolicyType(p.PolicyType);
    const exists = type === 'System' ? findSystemPolicy(p.PolicyName) : await findCustomPolicy(ctx.db, ctx.accountId, p.PolicyName);
    if (!exists) throw apiError('EntityNotExist.Policy');
    const user = await requireUser(ctx.db, ctx.accountId, p.UserName);
    const attached = await attachmentsOf(ctx.db, user);
    if (attached.some((a) => a.data.PolicyType === type && a.data.PolicyName === p.PolicyName))
      throw apiError('EntityAlreadyExists.User.Policy');
    const rec: ResourceRecord<RamPolicyAttachmentData> = {
      id: newId('ram', ctx.now),
      kind: 'RamPolicyAttachment',
      accountId: ctx.accountId,
      regionId: RAM_REGION,
      parentId: user.id,
      vbrId: null,
      status: 'Attached',
      dueAt: null,
      data: { PolicyName: p.PolicyName, PolicyType: type, AttachDate: ctx.now },
    };
    await ctx.db.insert(rec);
    return {};
  },
});

export const detachPolicyFromUser = writeAction({
  name: 'DetachPolicyFromUser',
  product: 'ram',
  params: attachParams,
  resource: (ctx, p) => userArn(ctx, p.UserName),
  locks: accountLock,
  async run(ctx, p) {
    const type = parsePolicyType(p.PolicyType);
    const user = await requireUser(ctx.db, ctx.accountId, p.UserName);
    const a = (await attachmentsOf(ctx.db, user)).find((x) => x.data.PolicyType === type && x.data.PolicyName === p.PolicyName);
    if (!a) throw apiError('EntityNotExist.User.Policy');
    await ctx.db.delete(a);
    return {};
  },
});

export const listPoliciesForUser = readAction({
  name: 'ListPoliciesForUser',
  product: 'ram',
  params: { UserName: { type: 'string', required: true } },
  resource: (ctx, p) => userArn(ctx, p.UserName),
  async run(ctx, p) {
    const user = await requireUser(ctx.db, ctx.accountId, p.UserName);
    const out = [];
    for (const a of await attachmentsOf(ctx.db, user)) {
      const sys = a.data.PolicyType === 'System' ? findSystemPolicy(a.data.PolicyName) : undefined;
      const custom = a.data.PolicyType === 'Custom' ? await findCustomPolicy(ctx.db, ctx.accountId, a.data.PolicyName) : undefined;
      out.push({
        PolicyName: a.data.PolicyName,
        PolicyType: a.data.PolicyType,
        Description: sys?.description ?? custom?.data.Description ?? '',
        DefaultVersion: sys?.defaultVersion ?? custom?.data.DefaultVersion ?? '',
        AttachDate: isoSeconds(a.data.AttachDate),
      });
    }
    return { Policies: { Policy: out } };
  },
});

export const attachmentActions = [attachPolicyToUser, detachPolicyFromUser, listPoliciesForUser];
