// The key that seals RAM AccessKey secrets at rest: VBRD_SECRET_KEY (32 bytes, hex or base64) when set —
// required when several nodes share one database — or else a key file generated once in the data
// directory, readable only by its owner.
import { randomBytes } from 'node:crypto';
import { chmodSync, closeSync, openSync, readFileSync, statSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError } from '../../config/server-config.js';
import { privateDir } from '../../util/private-files.js';

export const SECRET_KEY_ENV = 'VBRD_SECRET_KEY';
export const SECRET_KEY_FILE = 'secret.key';

export class SecretKeyError extends ConfigError {}

function decode(text: string, where: string): Buffer {
  const t = text.trim();
  const key = /^[0-9a-fA-F]{64}$/.test(t) ? Buffer.from(t, 'hex') : Buffer.from(t, 'base64');
  if (key.length !== 32 || (!/^[0-9a-fA-F]{64}$/.test(t) && key.toString('base64') !== t)) {
    throw new SecretKeyError(`${where} must be 32 bytes written as 64 hex digits or base64`);
  }
  return key;
}

function fromFile(dataDir: string): Buffer {
  privateDir(dataDir);
  const file = join(dataDir, SECRET_KEY_FILE);
  try {
    // O_EXCL: two processes starting on one data directory must not each write their own key.
    const fd = openSync(file, 'wx', 0o600);
    try {
      writeSync(fd, randomBytes(32).toString('base64') + '\n');
    } finally {
      closeSync(fd);
    }
    chmodSync(file, 0o600);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
  }
  if (process.platform !== 'win32' && (statSync(file).mode & 0o077) !== 0) {
    throw new SecretKeyError(`${file} is readable by others; run chmod 600 on it`);
  }
  return decode(readFileSync(file, 'utf8'), file);
}

const cache = new Map<string, Buffer>();

/** The sealing key for this configuration (memoized: it is read once per data directory / value). */
export function secretKey(dataDir: string, env: NodeJS.ProcessEnv = process.env): Buffer {
  const fromEnv = env[SECRET_KEY_ENV];
  const cacheKey = fromEnv ? `env:${fromEnv}` : `dir:${dataDir}`;
  let key = cache.get(cacheKey);
  if (!key) {
    key = fromEnv ? decode(fromEnv, SECRET_KEY_ENV) : fromFile(dataDir);
    cache.set(cacheKey, key);
  }
  return key;
}
