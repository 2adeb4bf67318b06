// HTTPS (issue 25 §4): the official SDK over TLS with a CA made for the test, a client trusting another CA
// (or none) refused at the handshake, a certificate swapped by SIGHUP for new connections, and plain HTTP
// off loopback refused unless asked for.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect } from 'node:tls';
import { fileURLToPath } from 'node:url';
import * as $dara from '@darabonba/typescript';
import { $OpenApiUtil } from '@alicloud/openapi-core';
import Vpc from '@alicloud/vpc20160428';
import { startVbrd, type RunningVbrd } from '../../src/library/index.js';
import { $Vpc, type VpcClient } from '../support/harness.js';
import { makeTestCa, type TestCa } from '../support/test-ca.js';

const VpcCtor = (Vpc as unknown as { default: typeof Vpc.default }).default ?? Vpc;
const VBRD = fileURLToPath(new URL('../../src/cli/vbrd.js', import.meta.url));

function sdk(v: RunningVbrd, extra: { ca?: string } = {}): VpcClient {
  const { ca: _ignored, ...config } = v.sdkConfig;
  return new VpcCtor(new $OpenApiUtil.Config({ ...config, ...extra })) as VpcClient;
}

const regions = (client: VpcClient, runtime: { ca?: string } = {}) =>
  client.describeRegionsWithOptions(new $Vpc.DescribeRegionsRequest({}), new $dara.RuntimeOptions({ autoretry: false, ...runtime }));

/** The serial number of the certificate a TLS handshake with host:port presents, trusting `ca`. */
function servedSerial(port: number, ca: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const s = connect({ host: '127.0.0.1', port, ca, servername: 'localhost' }, () => {
      resolve(s.getPeerCertificate().serialNumber.toUpperCase());
      s.end();
    });
    s.on('error', reject);
  });
}

describe('HTTPS', () => {
  let ca: TestCa;
  let otherCa: TestCa;
  let vbrd: RunningVbrd;
  before(async () => {
    ca = makeTestCa('right');
    otherCa = makeTestCa('wrong');
    const { certFile, keyFile } = ca.issue('server');
    vbrd = await startVbrd({ tls: { certFile, keyFile, ca: ca.caPem } });
  });
  after(() => vbrd?.close());

  it('serves the official SDK over HTTPS with the CA given in its runtime options, V3 and V1', async () => {
    assert.match(vbrd.endpoint, /^https:\/\/127\.0\.0\.1:\d+$/);
    assert.equal(vbrd.sdkConfig.protocol, 'https');
    const v3 = await regions(sdk(vbrd), { ca: ca.caPem });
    assert.equal(v3.statusCode, 200);
    assert.ok(v3.body?.regions?.region?.some((r) => r.regionId === 'cn-hangzhou'));
    const v1 = new VpcCtor(new $OpenApiUtil.Config({ ...vbrd.sdkConfig, signatureAlgorithm: 'v2' })) as VpcClient;
    assert.equal((await regions(v1)).statusCode, 200, "sdkConfig carries the CA for the SDK's Config");
    assert.equal((await vbrd.call('DescribeRegions')).RequestId !== undefined, true, "the library's own client trusts it too");
  });

  it('is refused by a client that trusts another CA, or only the system ones', async () => {
    await assert.rejects(regions(sdk(vbrd), { ca: otherCa.caPem }), /certificate|self[- ]signed/i);
    await assert.rejects(regions(sdk(vbrd)), /certificate|self[- ]signed/i);
    const plain = new VpcCtor(new $OpenApiUtil.Config({ ...vbrd.sdkConfig, protocol: 'http' })) as VpcClient;
    await assert.rejects(regions(plain), 'plain HTTP to the TLS port gets no answer it can read');
  });
});

describe('vbrd serve with --tls-cert and --tls-key', () => {
  it('reads the files again on SIGHUP: new connections get the new certificate, the API keeps serving', async () => {
    const ca = makeTestCa('reload');
    const first = ca.issue('first');
    const second = ca.issue('second');
    // The files vbrd is given, replaced in place as a renewal would.
    const dir = mkdtempSync(join(tmpdir(), 'vbrd-tls-'));
    const certFile = join(dir, 'cert.pem'),
      keyFile = join(dir, 'key.pem');
    copyFileSync(first.certFile, certFile);
    copyFileSync(first.keyFile, keyFile);
    const child = spawn(process.execPath, [VBRD, 'serve', '--port', '0', '--data', join(dir, 'data')], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { PATH: process.env.PATH, VBRD_TLS_CERT: certFile, VBRD_TLS_KEY: keyFile },
    });
    try {
      let err = '';
      const port = await new Promise<number>((resolve, reject) => {
        child.stderr.on('data', (c: Buffer) => {
          err += c.toString();
          const m = /serving the VPC API on https:\/\/127\.0\.0\.1:(\d+)\//.exec(err);
          if (m) resolve(Number(m[1]));
        });
        child.once('exit', (code) => reject(new Error(`vbrd serve exited (${code}): ${err}`)));
      });
      assert.equal(await servedSerial(port, ca.caPem), first.serial);
      copyFileSync(second.certFile, certFile);
      copyFileSync(second.keyFile, keyFile);
      assert.equal(await servedSerial(port, ca.caPem), first.serial, 'nothing changes before the signal');
      child.kill('SIGHUP');
      const deadline = Date.now() + 10_000;
      while ((await servedSerial(port, ca.caPem)) !== second.serial) {
        assert.ok(Date.now() < deadline, 'the new certificate is served within 10 s of SIGHUP');
        await new Promise((r) => setTimeout(r, 50));
      }
      const client = new VpcCtor(
        new $OpenApiUtil.Config({
          accessKeyId: 'LTAI5tVbrdDevelopmentKey',
          accessKeySecret: 'vbrd-development-secret-not-for-production',
          endpoint: `127.0.0.1:${port}`,
          protocol: 'https',
          regionId: 'cn-hangzhou',
        }),
      ) as VpcClient;
      assert.equal((await regions(client, { ca: ca.caPem })).statusCode, 200);
      // A broken pair on the next SIGHUP leaves the working one in use.
      copyFileSync(first.keyFile, keyFile);
      child.kill('SIGHUP');
      await new Promise((r) => setTimeout(r, 300));
      assert.equal(await servedSerial(port, ca.caPem), second.serial);
      assert.equal(child.exitCode, null, 'still running');
    } finally {
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
    }
  });

  it('refuses unusable files, and plain HTTP off loopback without --insecure-http, with one line and exit code 2', () => {
    const ca = makeTestCa('refuse');
    const a = ca.issue('a');
    const b = ca.issue('b');
    const dir = mkdtempSync(join(tmpdir(), 'vbrd-tls-'));
    const root = {
      VBRD_ACCOUNT_ID: '1234567890123456',
      VBRD_ACCESS_KEY_ID: 'LTAI5tRootKeyForTests',
      VBRD_ACCESS_KEY_SECRET: 'root-secret',
    };
    const run = (args: string[], env: Record<string, string> = {}) =>
      spawnSync(process.execPath, [VBRD, 'serve', '--port', '0', '--data', join(dir, 'data'), ...args], {
        encoding: 'utf8',
        timeout: 30_000,
        env: { PATH: process.env.PATH, ...env },
      });
    const mismatched = run(['--tls-cert', a.certFile, '--tls-key', b.keyFile]);
    assert.equal(mismatched.status, 2, mismatched.stderr);
    assert.match(mismatched.stderr, /^vbrd: --tls-cert .* and --tls-key .* are not a usable pair: .*\n$/);
    const absent = run(['--tls-cert', join(dir, 'absent.pem'), '--tls-key', a.keyFile]);
    assert.equal(absent.status, 2);
    assert.match(absent.stderr, /^vbrd: --tls-cert .*absent\.pem: not found\n$/);
    const exposed = run(['--host', '0.0.0.0'], root);
    assert.equal(exposed.status, 2);
    assert.match(exposed.stderr, /^vbrd: refusing to listen on 0\.0\.0\.0 without TLS: give --tls-cert and --tls-key, or --insecure-http/);
  });
});
