// The HTTPS identity of `vbrd serve`: the PEM certificate and key files, read and checked together, at
// start and again on SIGHUP (a renewed certificate replaces the old one without a restart).
import { readFileSync } from 'node:fs';
import { createSecureContext } from 'node:tls';
import { ConfigError, type TlsFiles } from './server-config.js';

export interface TlsIdentity {
  cert: Buffer;
  key: Buffer;
}

/** Both files read, and proven a usable pair (OpenSSL parses them, and the key is the certificate's). */
export function readTlsIdentity(files: TlsFiles): TlsIdentity {
  const read = (flag: string, path: string) => {
    try {
      return readFileSync(path);
    } catch (e) {
      throw new ConfigError(`${flag} ${path}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'not found' : (e as Error).message}`);
    }
  };
  const identity = { cert: read('--tls-cert', files.certFile), key: read('--tls-key', files.keyFile) };
  try {
    createSecureContext(identity);
  } catch (e) {
    throw new ConfigError(`--tls-cert ${files.certFile} and --tls-key ${files.keyFile} are not a usable pair: ${(e as Error).message}`);
  }
  return identity;
}
