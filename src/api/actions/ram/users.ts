// CreateUser, GetUser, ListUsers, UpdateUser, DeleteUser.
import { writeAction, readAction } from '../../action.js';
import { apiError } from '../../../errors/catalogue.js';
import { newId } from '../../../domain/ids.js';
import type { ResourceRecord } from '../../../store/record.js';
import { attachmentsOf, findUser, keysOf, listUsers, requireUser } from '../../../auth/ram/lookup.js';
import { RAM_LIMITS, RAM_REGION, type RamUserData } from '../../../auth/ram/model.js';
import { checkUserFields, checkUserName } from '../../../auth/ram/validate.js';
import { accountLock, checkMaxItems, pageByMarker, renderUser, userArn } from './shared.js';

export const createUser = writeAction({
  name: 'CreateUser',
  product: 'ram',
  params: {
    UserName: { type: 'string', required: true },
    DisplayName: { type: 'string' },
    Comments: { type: 'string' },
    MobilePhone: { type: 'string' },
    Email: { type: 'string' },
  },
  resource: (ctx) => userArn(ctx, undefined),
  locks: accountLock,
  async run(ctx, p) {
    checkUserName(p.UserName);
    checkUserFields(p);
    const users = await listUsers(ctx.db, ctx.accountId);
    if (users.some((u) => u.data.UserName === p.UserName)) throw apiError('EntityAlreadyExists.User');
    if (users.length >= RAM_LIMITS.usersPerAccount) throw apiError('LimitExceeded.User');
    const rec: ResourceRecord<RamUserData> = {
      id: newId('ram', ctx.now),
      kind: 'RamUser',
      accountId: ctx.accountId,
      regionId: RAM_REGION,
      parentId: null,
      vbrId: null,
      status: 'Active',
      dueAt: null,
      data: {
        UserName: p.UserName,
        DisplayName: p.DisplayName ?? '',
        Comments: p.Comments ?? '',
        Email: p.Email ?? '',
        MobilePhone: p.MobilePhone ?? '',
        CreateDate: ctx.now,
        UpdateDate: ctx.now,
      },
    };
    await ctx.db.insert(rec);
    return { User: renderUser(rec, false) };
  },
});

export const getUser = readAction({
  name: 'GetUser',
  product: 'ram',
  params: { UserName: { type: 'string', required: true } },
  resource: (ctx, p) => userArn(ctx, p.UserName),
  async run(ctx, p) {
    const u = await requireUser(ctx.db, ctx.accountId, p.UserName);
    return { User: { ...renderUser(u), LastLoginDate: '' } };
  },
});

export const listUsersAction = readAction({
  name: 'ListUsers',
  product: 'ram',
  params: { Marker: { type: 'string' }, MaxItems: { type: 'integer' } },
  resource: (ctx) => userArn(ctx, undefined),
  async run(ctx, p) {
    const { page, next } = pageByMarker(
      await listUsers(ctx.db, ctx.accountId),
      (u) => u.id,
      p.Marker || undefined,
      checkMaxItems(p.MaxItems),
    );
    return { IsTruncated: next !== undefined, ...(next ? { Marker: next } : {}), Users: { User: page.map((u) => renderUser(u)) } };
  },
});

export const updateUser = writeAction({
  name: 'UpdateUser',
  product: 'ram',
  params: {
    UserName: { type: 'string', required: true },
    NewUserName: { type: 'string' },
    NewDisplayName: { type: 'string' },
    NewComments: { type: 'string' },
    NewMobilePhone: { type: 'string' },
    NewEmail: { type: 'string' },
  },
  resource: (ctx, p) => userArn(ctx, p.UserName),
  locks: accountLock,
  async run(ctx, p) {
    if (p.NewUserName) checkUserName(p.NewUserName, 'NewUserName');
    checkUserFields({ DisplayName: p.NewDisplayName, Comments: p.NewComments, MobilePhone: p.NewMobilePhone, Email: p.NewEmail }, 'New');
    const u = await requireUser(ctx.db, ctx.accountId, p.UserName);
    if (p.NewUserName && p.NewUserName !== p.UserName && (await findUser(ctx.db, ctx.accountId, p.NewUserName))) {
      throw apiError('EntityAlreadyExists.User');
    }
    const d = u.data;
    const next: ResourceRecord<RamUserData> = {
      ...u,
      data: {
        ...d,
        UserName: p.NewUserName || d.UserName,
        DisplayName: p.NewDisplayName ?? d.DisplayName,
        Comments: p.NewComments ?? d.Comments,
        MobilePhone: p.NewMobilePhone ?? d.MobilePhone,
        Email: p.NewEmail ?? d.Email,
        UpdateDate: ctx.now,
      },
    };
    await ctx.db.update(next);
    return { User: renderUser(next) };
  },
});

export const deleteUser = writeAction({
  name: 'DeleteUser',
  product: 'ram',
  params: { UserName: { type: 'string', required: true } },
  resource: (ctx, p) => userArn(ctx, p.UserName),
  locks: accountLock,
  async run(ctx, p) {
    const u = await requireUser(ctx.db, ctx.accountId, p.UserName);
    // RAM refuses while policies are attached; the user's AccessKeys go with it and stop working at once.
    if ((await attachmentsOf(ctx.db, u)).length > 0) throw apiError('DeleteConflict.User.Policy');
    for (const k of await keysOf(ctx.db, u)) await ctx.db.delete(k);
    await ctx.db.delete(u);
    return {};
  },
});

export const userActions = [createUser, getUser, listUsersAction, updateUser, deleteUser];
