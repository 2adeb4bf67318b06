// vbrd's default credential sources and authorizer: RAM users' keys from the store, RAM policies
// enforced as the configured ramMode says.
import type { Logger } from 'pino';
import type { ServerConfig } from '../../config/server-config.js';
import type { Store } from '../../store/store.js';
import type { Authorizer } from '../authorizer.js';
import type { CredentialSource } from '../principal.js';
import { RamAuthorizer } from './authorizer.js';
import { RamCredentials } from './credentials.js';
import { secretKey } from './secret-key.js';

export function ramCredentialSources(config: ServerConfig): (store: Store) => CredentialSource[] {
  // Resolve the key now so a bad VBRD_SECRET_KEY or key file fails start-up, not the first request.
  secretKey(config.dataDir);
  return (store) => [new RamCredentials(store, () => secretKey(config.dataDir))];
}

export function ramAuthorizer(config: ServerConfig, log?: Logger): (store: Store) => Authorizer {
  return (store) => new RamAuthorizer({ db: store, mode: config.ramMode, log });
}
