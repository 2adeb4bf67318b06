// A throw-away certificate authority for TLS tests, made with the openssl command (node:crypto makes keys
// but not X.509 certificates): a CA, and server certificates it signs for 127.0.0.1 and localhost.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface TestCa {
  dir: string;
  /** The CA certificate, PEM. */
  caPem: string;
  /** A new server certificate and key signed by this CA, as files; its serial number in hex, upper case. */
  issue(name: string): { certFile: string; keyFile: string; serial: string };
}

const openssl = (cwd: string, args: string[]) => execFileSync('openssl', args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] }).toString();
const EC_KEY = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];

export function makeTestCa(label: string): TestCa {
  const dir = mkdtempSync(join(tmpdir(), `vbrd-ca-${label}-`));
  openssl(dir, [
    'req',
    '-x509',
    ...EC_KEY,
    '-keyout',
    'ca.key',
    '-out',
    'ca.pem',
    '-days',
    '2',
    '-subj',
    `/CN=vbrd test CA ${label}`,
    '-addext',
    'basicConstraints=critical,CA:TRUE',
    '-addext',
    'keyUsage=critical,keyCertSign,cRLSign',
  ]);
  writeFileSync(join(dir, 'server.ext'), 'subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\n');
  return {
    dir,
    caPem: readFileSync(join(dir, 'ca.pem'), 'utf8'),
    issue(name) {
      const keyFile = join(dir, `${name}.key`),
        certFile = join(dir, `${name}.pem`);
      openssl(dir, ['req', ...EC_KEY, '-keyout', keyFile, '-out', `${name}.csr`, '-subj', `/CN=${name}`]);
      openssl(dir, [
        'x509',
        '-req',
        '-in',
        `${name}.csr`,
        '-CA',
        'ca.pem',
        '-CAkey',
        'ca.key',
        '-CAcreateserial',
        '-days',
        '2',
        '-extfile',
        'server.ext',
        '-out',
        certFile,
      ]);
      const serial = openssl(dir, ['x509', '-in', certFile, '-noout', '-serial'])
        .trim()
        .replace(/^serial=/, '')
        .toUpperCase();
      return { certFile, keyFile, serial };
    },
  };
}
