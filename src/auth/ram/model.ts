// RAM records as vbrd keeps them (regionId `global`: RAM is not regional) and RAM's limits.
import { randomInt } from 'node:crypto';
import type { PolicyType } from '../policy/index.js';

export const RAM_REGION = 'global';

/** Limits Alibaba documents for RAM (users and custom policies per account, keys per user, versions per policy). */
export const RAM_LIMITS = {
  usersPerAccount: 1000,
  accessKeysPerUser: 2,
  customPoliciesPerAccount: 1500,
  versionsPerPolicy: 5,
} as const;

/** RamUser: id is the UserId. */
export interface RamUserData {
  UserName: string;
  DisplayName: string;
  Comments: string;
  Email: string;
  MobilePhone: string;
  CreateDate: number;
  UpdateDate: number;
}

/** RamAccessKey: id is the AccessKeyId, parentId the UserId, status Active | Inactive. */
export interface RamAccessKeyData {
  /** The secret, sealed (secret-box.ts); never returned after CreateAccessKey. */
  SealedSecret: string;
  CreateDate: number;
}

export interface RamPolicyVersion {
  VersionId: string;
  PolicyDocument: string;
  CreateDate: number;
}

/** RamPolicy (custom policies only; system policies are code). */
export interface RamPolicyData {
  PolicyName: string;
  Description: string;
  DefaultVersion: string;
  Versions: RamPolicyVersion[];
  /** Next version number (v1, v2, …; numbers are never reused). */
  NextVersion: number;
  CreateDate: number;
  UpdateDate: number;
}

/** RamPolicyAttachment: parentId is the UserId. */
export interface RamPolicyAttachmentData {
  PolicyName: string;
  PolicyType: PolicyType;
  AttachDate: number;
}

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

function randomString(n: number): string {
  let s = '';
  for (let i = 0; i < n; i++) s += ALNUM[randomInt(ALNUM.length)];
  return s;
}

/** Shaped like Alibaba's (LTAI + 20 characters); the record id of the key. */
export function newAccessKeyId(): string {
  return `LTAI5t${randomString(18)}`;
}

export function newAccessKeySecret(): string {
  return randomString(30);
}
