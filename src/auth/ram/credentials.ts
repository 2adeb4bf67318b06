// RAM users' AccessKeys as a credential source. Every lookup reads the store (no cache), so a key
// made Inactive, deleted, or whose user was deleted stops working on the very next request.
import type { StoreReader } from '../../store/store.js';
import type { Credential, CredentialSource } from '../principal.js';
import type { RamAccessKeyData, RamUserData } from './model.js';
import { open } from './secret-box.js';

export class RamCredentials implements CredentialSource {
  constructor(
    private readonly db: StoreReader,
    private readonly key: () => Buffer,
  ) {}

  async lookup(accessKeyId: string): Promise<Credential | undefined> {
    const ak = await this.db.get<RamAccessKeyData>('RamAccessKey', accessKeyId);
    if (!ak || !ak.parentId) return undefined;
    const user = await this.db.get<RamUserData>('RamUser', ak.parentId);
    if (!user || user.accountId !== ak.accountId) return undefined;
    const secret = open(this.key(), ak.data.SealedSecret, ak.id);
    // A secret sealed under another key (e.g. VBRD_SECRET_KEY changed) cannot sign anything.
    if (secret === undefined) return undefined;
    return {
      principal: { accountId: ak.accountId, type: 'SubUser', accessKeyId: ak.id, userName: user.data.UserName, userId: user.id },
      secret,
      active: ak.status === 'Active',
    };
  }
}
