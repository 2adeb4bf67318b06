// CreatePolicy, GetPolicy, ListPolicies, CreatePolicyVersion, DeletePolicy. Custom policies live in
// the store per account; the system policies are code (SYSTEM_POLICIES) and read-only.
import { readAction, writeAction, type ReadContext } from '../../action.js';
import { apiError } from '../../../errors/catalogue.js';
import { isoSeconds, newId } from '../../../domain/ids.js';
import type { ResourceRecord } from '../../../store/record.js';
import type { StoreReader } from '../../../store/store.js';
import {
  findSystemPolicy,
  MALFORMED_POLICY_DOCUMENT,
  parsePolicyDocument,
  SYSTEM_POLICIES,
  type PolicyType,
} from '../../../auth/policy/index.js';
import { attachmentsInAccount, findCustomPolicy, listCustomPolicies, type PolicyRecord } from '../../../auth/ram/lookup.js';
import { RAM_LIMITS, RAM_REGION, type RamPolicyData, type RamPolicyVersion } from '../../../auth/ram/model.js';
import { checkDescription, checkDocumentLength, checkPolicyName, parsePolicyType } from '../../../auth/ram/validate.js';
import { accountLock, checkMaxItems, pageByMarker, policyArn } from './shared.js';

/** Reject a document the way RAM's CreatePolicy does. */
function checkDocument(doc: string): void {
  checkDocumentLength(doc);
  const r = parsePolicyDocument(doc);
  if (r.ok) return;
  if (r.code === MALFORMED_POLICY_DOCUMENT.code) throw apiError('MalformedPolicyDocument', r.message);
  throw apiError('InvalidParameter.PolicyDocument.Length');
}

async function requireCustom(db: StoreReader, accountId: string, name: string): Promise<PolicyRecord> {
  const p = await findCustomPolicy(db, accountId, name);
  if (!p) throw apiError('EntityNotExist.Policy');
  return p;
}

/** How many of this account's users have the policy attached. */
async function attachmentCounts(ctx: ReadContext): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  for (const a of await attachmentsInAccount(ctx.db, ctx.accountId)) {
    const k = `${a.data.PolicyType}:${a.data.PolicyName}`;
    counts.set(k, (counts.get(k) ?? 0) + 1);
  }
  return counts;
}

interface PolicySummary {
  PolicyName: string;
  PolicyType: PolicyType;
  Description: string;
  DefaultVersion: string;
  CreateDate: string;
  UpdateDate: string;
  /** Creation order across both kinds: system policies first. */
  sortKey: string;
}

function summaries(custom: PolicyRecord[]): PolicySummary[] {
  const epoch = isoSeconds(0);
  return [
    ...SYSTEM_POLICIES.map((s, i) => ({
      PolicyName: s.name,
      PolicyType: 'System' as const,
      Description: s.description,
      DefaultVersion: s.defaultVersion,
      CreateDate: epoch,
      UpdateDate: epoch,
      sortKey: `0:${String(i).padStart(4, '0')}`,
    })),
    ...custom.map((c) => ({
      PolicyName: c.data.PolicyName,
      PolicyType: 'Custom' as const,
      Description: c.data.Description,
      DefaultVersion: c.data.DefaultVersion,
      CreateDate: isoSeconds(c.data.CreateDate),
      UpdateDate: isoSeconds(c.data.UpdateDate),
      sortKey: `1:${c.id}`,
    })),
  ];
}

const renderVersion = (v: RamPolicyVersion, defaultVersion: string) => ({
  VersionId: v.VersionId,
  IsDefaultVersion: v.VersionId === defaultVersion,
  PolicyDocument: v.PolicyDocument,
  CreateDate: isoSeconds(v.CreateDate),
});

export const createPolicy = writeAction({
  name: 'CreatePolicy',
  product: 'ram',
  params: {
    PolicyName: { type: 'string', required: true },
    PolicyDocument: { type: 'string', required: true },
    Description: { type: 'string' },
  },
  resource: (ctx) => policyArn(ctx, undefined, undefined),
  locks: accountLock,
  async run(ctx, p) {
    checkPolicyName(p.PolicyName);
    checkDescription(p.Description);
    checkDocument(p.PolicyDocument);
    const existing = await listCustomPolicies(ctx.db, ctx.accountId);
    // A custom policy may not take a system policy's name either: attachments name policies by (type, name) but users read names.
    if (existing.some((x) => x.data.PolicyName === p.PolicyName) || findSystemPolicy(p.PolicyName))
      throw apiError('EntityAlreadyExists.Policy');
    if (existing.length >= RAM_LIMITS.customPoliciesPerAccount) throw apiError('LimitExceeded.Policy');
    const rec: ResourceRecord<RamPolicyData> = {
      id: newId('ram', ctx.now),
      kind: 'RamPolicy',
      accountId: ctx.accountId,
      regionId: RAM_REGION,
      parentId: null,
      vbrId: null,
      status: 'Custom',
      dueAt: null,
      data: {
        PolicyName: p.PolicyName,
        Description: p.Description ?? '',
        DefaultVersion: 'v1',
        Versions: [{ VersionId: 'v1', PolicyDocument: p.PolicyDocument, CreateDate: ctx.now }],
        NextVersion: 2,
        CreateDate: ctx.now,
        UpdateDate: ctx.now,
      },
    };
    await ctx.db.insert(rec);
    return {
      Policy: {
        PolicyName: p.PolicyName,
        PolicyType: 'Custom',
        Description: rec.data.Description,
        DefaultVersion: 'v1',
        CreateDate: isoSeconds(ctx.now),
      },
    };
  },
});

export const getPolicy = readAction({
  name: 'GetPolicy',
  product: 'ram',
  params: {
    PolicyName: { type: 'string', required: true },
    PolicyType: { type: 'string', required: true },
  },
  resource: (ctx, p) => policyArn(ctx, p.PolicyName, p.PolicyType),
  async run(ctx, p) {
    const type = parsePolicyType(p.PolicyType);
    const counts = await attachmentCounts(ctx);
    const attached = counts.get(`${type}:${p.PolicyName}`) ?? 0;
    if (type === 'System') {
      const s = findSystemPolicy(p.PolicyName);
      if (!s) throw apiError('EntityNotExist.Policy');
      const sum = summaries([]).find((x) => x.PolicyName === s.name)!;
      return {
        Policy: { ...stripKey(sum), AttachmentCount: attached, PolicyDocument: s.documentText },
        DefaultPolicyVersion: {
          VersionId: s.defaultVersion,
          IsDefaultVersion: true,
          PolicyDocument: s.documentText,
          CreateDate: sum.CreateDate,
        },
      };
    }
    const c = await requireCustom(ctx.db, ctx.accountId, p.PolicyName);
    const v = c.data.Versions.find((x) => x.VersionId === c.data.DefaultVersion)!;
    const sum = summaries([c])[SYSTEM_POLICIES.length];
    return {
      Policy: { ...stripKey(sum), AttachmentCount: attached, PolicyDocument: v.PolicyDocument },
      DefaultPolicyVersion: renderVersion(v, c.data.DefaultVersion),
    };
  },
});

function stripKey(s: PolicySummary): Omit<PolicySummary, 'sortKey'> {
  const { sortKey: _k, ...rest } = s;
  return rest;
}

export const listPolicies = readAction({
  name: 'ListPolicies',
  product: 'ram',
  params: {
    PolicyType: { type: 'string' },
    Marker: { type: 'string' },
    MaxItems: { type: 'integer' },
  },
  resource: (ctx) => policyArn(ctx, undefined, undefined),
  async run(ctx, p) {
    const type = p.PolicyType ? parsePolicyType(p.PolicyType) : undefined;
    const counts = await attachmentCounts(ctx);
    const all = summaries(await listCustomPolicies(ctx.db, ctx.accountId)).filter((s) => !type || s.PolicyType === type);
    const { page, next } = pageByMarker(all, (s) => s.sortKey, p.Marker || undefined, checkMaxItems(p.MaxItems));
    return {
      IsTruncated: next !== undefined,
      ...(next ? { Marker: next } : {}),
      Policies: { Policy: page.map((s) => ({ ...stripKey(s), AttachmentCount: counts.get(`${s.PolicyType}:${s.PolicyName}`) ?? 0 })) },
    };
  },
});

export const createPolicyVersion = writeAction({
  name: 'CreatePolicyVersion',
  product: 'ram',
  params: {
    PolicyName: { type: 'string', required: true },
    PolicyDocument: { type: 'string', required: true },
    SetAsDefault: { type: 'boolean' },
    RotateStrategy: { type: 'string' },
  },
  resource: (ctx, p) => policyArn(ctx, p.PolicyName, 'Custom'),
  locks: accountLock,
  async run(ctx, p) {
    const rotate = p.RotateStrategy ?? 'None';
    if (rotate !== 'None' && rotate !== 'DeleteOldestNonDefaultVersionWhenLimitExceeded') throw apiError('InvalidParameter.RotateStrategy');
    checkDocument(p.PolicyDocument);
    const c = await requireCustom(ctx.db, ctx.accountId, p.PolicyName);
    let versions = [...c.data.Versions];
    if (versions.length >= RAM_LIMITS.versionsPerPolicy) {
      if (rotate === 'None') throw apiError('LimitExceeded.Policy.Version');
      const oldest = versions.findIndex((v) => v.VersionId !== c.data.DefaultVersion);
      versions = versions.filter((_, i) => i !== oldest);
    }
    const version: RamPolicyVersion = { VersionId: `v${c.data.NextVersion}`, PolicyDocument: p.PolicyDocument, CreateDate: ctx.now };
    versions.push(version);
    const defaultVersion = p.SetAsDefault ? version.VersionId : c.data.DefaultVersion;
    await ctx.db.update({
      ...c,
      data: { ...c.data, Versions: versions, DefaultVersion: defaultVersion, NextVersion: c.data.NextVersion + 1, UpdateDate: ctx.now },
    });
    return { PolicyVersion: renderVersion(version, defaultVersion) };
  },
});

export const deletePolicy = writeAction({
  name: 'DeletePolicy',
  product: 'ram',
  params: {
    PolicyName: { type: 'string', required: true },
    CascadingDelete: { type: 'boolean' },
  },
  resource: (ctx, p) => policyArn(ctx, p.PolicyName, 'Custom'),
  locks: accountLock,
  async run(ctx, p) {
    const c = await requireCustom(ctx.db, ctx.accountId, p.PolicyName);
    if ((await attachmentCounts(ctx)).get(`Custom:${p.PolicyName}`)) throw apiError('DeleteConflict.Policy.User');
    if (c.data.Versions.length > 1 && !p.CascadingDelete) throw apiError('DeleteConflict.Policy.Version');
    await ctx.db.delete(c);
    return {};
  },
});

export const policyActions = [createPolicy, getPolicy, listPolicies, createPolicyVersion, deletePolicy];
