// CreateAccessKey, ListAccessKeys, UpdateAccessKey, DeleteAccessKey. The secret leaves vbrd once, in
// CreateAccessKey's response; the store only ever holds it sealed.
import { readAction, writeAction, type ReadContext } from '../../action.js';
import { apiError } from '../../../errors/catalogue.js';
import { isoSeconds } from '../../../domain/ids.js';
import type { ResourceRecord } from '../../../store/record.js';
import { keysOf, requireUser, type AccessKeyRecord } from '../../../auth/ram/lookup.js';
import { newAccessKeyId, newAccessKeySecret, RAM_LIMITS, RAM_REGION, type RamAccessKeyData } from '../../../auth/ram/model.js';
import { seal } from '../../../auth/ram/secret-box.js';
import { secretKey } from '../../../auth/ram/secret-key.js';
import { checkUserName } from '../../../auth/ram/validate.js';
import { accountLock, targetUserName, userArn } from './shared.js';

const renderKey = (k: AccessKeyRecord) => ({ AccessKeyId: k.id, Status: k.status, CreateDate: isoSeconds(k.data.CreateDate) });

/** Root keys are configured, not stored: ListAccessKeys of the root account shows them (never their secrets). */
function rootKeys(ctx: ReadContext) {
  const { config } = ctx.services;
  const ids = [
    ...(config.root.accountId === ctx.accountId ? [config.root.accessKeyId] : []),
    ...config.seed.accounts.filter((a) => a.accountId === ctx.accountId).flatMap((a) => a.accessKeys.map((k) => k.accessKeyId)),
  ];
  return [...new Set(ids)].map((AccessKeyId) => ({ AccessKeyId, Status: 'Active', CreateDate: '' }));
}

async function keyOfUser(ctx: ReadContext, userName: string, accessKeyId: string): Promise<AccessKeyRecord> {
  const user = await requireUser(ctx.db, ctx.accountId, userName);
  const k = await ctx.db.get<RamAccessKeyData>('RamAccessKey', accessKeyId);
  if (!k || k.accountId !== ctx.accountId || k.parentId !== user.id) throw apiError('EntityNotExist.User.AccessKey');
  return k;
}

export const createAccessKey = writeAction({
  name: 'CreateAccessKey',
  product: 'ram',
  params: { UserName: { type: 'string' } },
  resource: (ctx, p) => userArn(ctx, p.UserName || ctx.principal.userName),
  locks: accountLock,
  async run(ctx, p) {
    const name = targetUserName(ctx, p.UserName);
    checkUserName(name);
    const user = await requireUser(ctx.db, ctx.accountId, name);
    if ((await keysOf(ctx.db, user)).length >= RAM_LIMITS.accessKeysPerUser) throw apiError('LimitExceeded.User.AccessKey');
    const id = newAccessKeyId();
    const secret = newAccessKeySecret();
    const rec: ResourceRecord<RamAccessKeyData> = {
      id,
      kind: 'RamAccessKey',
      accountId: ctx.accountId,
      regionId: RAM_REGION,
      parentId: user.id,
      vbrId: null,
      status: 'Active',
      dueAt: null,
      data: { SealedSecret: seal(secretKey(ctx.services.config.dataDir), secret, id), CreateDate: ctx.now },
    };
    await ctx.db.insert(rec);
    return { AccessKey: { ...renderKey(rec), AccessKeySecret: secret } };
  },
});

export const listAccessKeys = readAction({
  name: 'ListAccessKeys',
  product: 'ram',
  params: { UserName: { type: 'string' } },
  resource: (ctx, p) => userArn(ctx, p.UserName || ctx.principal.userName),
  async run(ctx, p) {
    if (!p.UserName && ctx.principal.type === 'Root') return { AccessKeys: { AccessKey: rootKeys(ctx) } };
    const user = await requireUser(ctx.db, ctx.accountId, targetUserName(ctx, p.UserName));
    const keys = (await keysOf(ctx.db, user)).sort((a, b) => a.data.CreateDate - b.data.CreateDate);
    return { AccessKeys: { AccessKey: keys.map(renderKey) } };
  },
});

export const updateAccessKey = writeAction({
  name: 'UpdateAccessKey',
  product: 'ram',
  params: {
    UserAccessKeyId: { type: 'string', required: true },
    Status: { type: 'string', required: true },
    UserName: { type: 'string' },
  },
  resource: (ctx, p) => userArn(ctx, p.UserName || ctx.principal.userName),
  locks: accountLock,
  async run(ctx, p) {
    if (p.Status !== 'Active' && p.Status !== 'Inactive') throw apiError('InvalidParameter.Status');
    const k = await keyOfUser(ctx, targetUserName(ctx, p.UserName), p.UserAccessKeyId);
    if (k.status !== p.Status) await ctx.db.update({ ...k, status: p.Status });
    return {};
  },
});

export const deleteAccessKey = writeAction({
  name: 'DeleteAccessKey',
  product: 'ram',
  params: {
    UserAccessKeyId: { type: 'string', required: true },
    UserName: { type: 'string' },
  },
  resource: (ctx, p) => userArn(ctx, p.UserName || ctx.principal.userName),
  locks: accountLock,
  async run(ctx, p) {
    const k = await keyOfUser(ctx, targetUserName(ctx, p.UserName), p.UserAccessKeyId);
    await ctx.db.delete(k);
    return {};
  },
});

export const accessKeyActions = [createAccessKey, listAccessKeys, updateAccessKey, deleteAccessKey];
