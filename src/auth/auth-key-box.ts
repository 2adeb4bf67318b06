// BGP AuthKeys (the sessions' TCP-MD5 passwords) at rest: sealed with the key that seals AccessKey
// secrets (ram/secret-key.ts), bound to their group's id so a sealed key copied onto another group does
// not open. DescribeBgpGroups and the data plane need the key itself, so it is sealed, not hashed.
import { open, seal } from './ram/secret-box.js';

/** What a group's AuthKey is bound to (associated data): its group, and that it is an AuthKey. */
const boundTo = (groupId: string) => `BgpGroup/${groupId}/AuthKey`;

export class AuthKeyBox {
  /** `key`: the sealing key, asked for on use (it is resolved once per process). */
  constructor(private readonly key: () => Buffer) {}

  /** The AuthKey sealed for storage; no key ('') stays ''. */
  seal(authKey: string, groupId: string): string {
    return authKey === '' ? '' : seal(this.key(), authKey, boundTo(groupId));
  }

  /** The AuthKey, or undefined when it was sealed under another key (VBRD_SECRET_KEY or secret.key changed). */
  open(sealed: string, groupId: string): string | undefined {
    if (typeof sealed !== 'string') return undefined; // a record written without one (an imported document)
    return sealed === '' ? '' : open(this.key(), sealed, boundTo(groupId));
  }
}
