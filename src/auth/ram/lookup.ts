// Finding RAM records by name within one account. Names are unique per account, never across
// accounts, so every lookup is scoped by the caller's account: another account's user or policy is
// indistinguishable from a missing one.
import { apiError } from '../../errors/catalogue.js';
import type { StoreReader } from '../../store/store.js';
import type { ResourceRecord } from '../../store/record.js';
import type { RamAccessKeyData, RamPolicyAttachmentData, RamPolicyData, RamUserData } from './model.js';

export type UserRecord = ResourceRecord<RamUserData>;
export type PolicyRecord = ResourceRecord<RamPolicyData>;
export type AccessKeyRecord = ResourceRecord<RamAccessKeyData>;
export type AttachmentRecord = ResourceRecord<RamPolicyAttachmentData>;

export async function listUsers(db: StoreReader, accountId: string): Promise<UserRecord[]> {
  return (await db.list<RamUserData>({ kind: 'RamUser', accountId })).items;
}

export async function findUser(db: StoreReader, accountId: string, userName: string): Promise<UserRecord | undefined> {
  return (await listUsers(db, accountId)).find((u) => u.data.UserName === userName);
}

export async function requireUser(db: StoreReader, accountId: string, userName: string): Promise<UserRecord> {
  const u = await findUser(db, accountId, userName);
  if (!u) throw apiError('EntityNotExist.User');
  return u;
}

export async function listCustomPolicies(db: StoreReader, accountId: string): Promise<PolicyRecord[]> {
  return (await db.list<RamPolicyData>({ kind: 'RamPolicy', accountId })).items;
}

export async function findCustomPolicy(db: StoreReader, accountId: string, name: string): Promise<PolicyRecord | undefined> {
  return (await listCustomPolicies(db, accountId)).find((p) => p.data.PolicyName === name);
}

export async function keysOf(db: StoreReader, user: UserRecord): Promise<AccessKeyRecord[]> {
  return (await db.list<RamAccessKeyData>({ kind: 'RamAccessKey', accountId: user.accountId, parentId: user.id })).items;
}

export async function attachmentsOf(db: StoreReader, user: UserRecord): Promise<AttachmentRecord[]> {
  return (await db.list<RamPolicyAttachmentData>({ kind: 'RamPolicyAttachment', accountId: user.accountId, parentId: user.id })).items;
}

export async function attachmentsInAccount(db: StoreReader, accountId: string): Promise<AttachmentRecord[]> {
  return (await db.list<RamPolicyAttachmentData>({ kind: 'RamPolicyAttachment', accountId })).items;
}
