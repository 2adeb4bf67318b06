// Parameter checks of the RAM actions, with RAM's own error codes.
import { apiError, type ErrorCode } from '../../errors/catalogue.js';
import { MAX_POLICY_DOCUMENT_LENGTH, type PolicyType } from '../policy/index.js';

const USER_NAME = /^[A-Za-z0-9._-]+$/;
const POLICY_NAME = /^[A-Za-z0-9-]+$/;
const MOBILE = /^\d{1,4}-\d{4,16}$/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

function length(s: string): number {
  return [...s].length;
}

export function checkUserName(name: string, param: 'UserName' | 'NewUserName' = 'UserName'): void {
  if (length(name) < 1 || length(name) > 64) throw apiError(`InvalidParameter.${param}.Length` as ErrorCode);
  if (!USER_NAME.test(name)) throw apiError(`InvalidParameter.${param}.InvalidChars` as ErrorCode);
}

export function checkUserFields(
  p: { DisplayName?: string; Comments?: string; MobilePhone?: string; Email?: string },
  prefix: '' | 'New' = '',
): void {
  if (p.DisplayName !== undefined && length(p.DisplayName) > 128)
    throw apiError(`InvalidParameter.${prefix}DisplayName.Length` as ErrorCode);
  if (p.Comments !== undefined && length(p.Comments) > 128) throw apiError(`InvalidParameter.${prefix}Comments.Length` as ErrorCode);
  if (p.MobilePhone && !MOBILE.test(p.MobilePhone)) throw apiError(`InvalidParameter.${prefix}MobilePhone.Format` as ErrorCode);
  if (p.Email && !EMAIL.test(p.Email)) throw apiError(`InvalidParameter.${prefix}Email.Format` as ErrorCode);
}

export function checkPolicyName(name: string): void {
  if (length(name) < 1 || length(name) > 128) throw apiError('InvalidParameter.PolicyName.Length');
  if (!POLICY_NAME.test(name)) throw apiError('InvalidParameter.PolicyName.InvalidChars');
}

export function checkDescription(d: string | undefined): void {
  if (d !== undefined && length(d) > 1024) throw apiError('InvalidParameter.Description.Length');
}

export function parsePolicyType(t: string): PolicyType {
  if (t === 'System' || t === 'Custom') return t;
  throw apiError('InvalidParameter.PolicyType');
}

export function checkDocumentLength(doc: string): void {
  if (length(doc) > MAX_POLICY_DOCUMENT_LENGTH) throw apiError('InvalidParameter.PolicyDocument.Length');
}
