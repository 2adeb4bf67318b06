import { test } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { VtyClient, VtyCommandError, withoutSecrets } from './vty-client.js';

type Handler = (command: string) => { output: string; status: number } | 'hang' | 'close';

/** A fake FRR daemon: NUL-terminated commands in, "<output>\0\0\0<status>" out, optionally in small pieces. */
async function fakeDaemon(handler: Handler, opts: { splitEvery?: number } = {}) {
  const dir = await mkdtemp(join(tmpdir(), 'vbrd-vty-'));
  const path = join(dir, 'bgpd.vty');
  const received: string[] = [];
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    let buf = '';
    socket.on('data', (d) => {
      buf += d.toString('utf8');
      let i: number;
      while ((i = buf.indexOf('\0')) >= 0) {
        const command = buf.slice(0, i);
        buf = buf.slice(i + 1);
        received.push(command);
        const r = handler(command);
        if (r === 'hang') continue;
        if (r === 'close') {
          socket.destroy();
          return;
        }
        const bytes = Buffer.concat([Buffer.from(r.output, 'utf8'), Buffer.from([0, 0, 0, r.status])]);
        const step = opts.splitEvery ?? bytes.length;
        for (let o = 0; o < bytes.length; o += step) socket.write(bytes.subarray(o, o + step));
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(path, resolve));
  return {
    path,
    received,
    dropClients: () => sockets.forEach((s) => s.destroy()),
    stop: async () => {
      sockets.forEach((s) => s.destroy());
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await rm(dir, { recursive: true, force: true });
    },
  };
}

const echo: Handler = (c) => (c === 'enable' ? { output: '', status: 0 } : { output: `out:${c}\n`, status: 0 });

test('sends enable first, then the command, and returns output and status', async () => {
  const d = await fakeDaemon(echo);
  const vty = new VtyClient(d.path);
  try {
    const r = await vty.exec('show version');
    assert.deepEqual(r, { status: 0, output: 'out:show version\n' });
    assert.deepEqual(d.received, ['enable', 'show version']);
  } finally {
    vty.close();
    await d.stop();
  }
});

test('reassembles a reply that arrives in many small pieces, terminator split across them', async () => {
  const big = JSON.stringify({ peers: Array.from({ length: 500 }, (_, i) => ({ ip: `192.0.2.${i % 250}` })) });
  const d = await fakeDaemon((c) => (c === 'enable' ? { output: '', status: 0 } : { output: big, status: 0 }), {
    splitEvery: 7,
  });
  const vty = new VtyClient(d.path);
  try {
    assert.deepEqual(await vty.json('show bgp vrf all neighbors json'), JSON.parse(big));
  } finally {
    vty.close();
    await d.stop();
  }
});

test('serializes concurrent commands: replies are matched to the right caller', async () => {
  const d = await fakeDaemon(echo, { splitEvery: 3 });
  const vty = new VtyClient(d.path);
  try {
    const replies = await Promise.all(Array.from({ length: 20 }, (_, i) => vty.exec(`cmd ${i}`)));
    replies.forEach((r, i) => assert.equal(r.output, `out:cmd ${i}\n`));
    assert.deepEqual(
      d.received.slice(1),
      Array.from({ length: 20 }, (_, i) => `cmd ${i}`),
    );
  } finally {
    vty.close();
    await d.stop();
  }
});

test('execOk rejects with the status and the daemon text when a command does not match', async () => {
  const d = await fakeDaemon((c) => (c === 'enable' ? { output: '', status: 0 } : { output: '% Unknown command: bogus\n', status: 2 }));
  const vty = new VtyClient(d.path);
  try {
    await assert.rejects(vty.execOk('bogus'), (e: unknown) => {
      assert.ok(e instanceof VtyCommandError);
      assert.equal(e.reply.status, 2);
      assert.match(e.message, /Unknown command: bogus/);
      return true;
    });
    // the connection stays usable after a failed command
    assert.equal((await vty.exec('bogus')).status, 2);
  } finally {
    vty.close();
    await d.stop();
  }
});

test('a refused or timed-out command carries no password, in its message or its fields', async () => {
  const secret = 'Md5-key_0f-the-group';
  const command = `neighbor 192.0.2.2 password ${secret}`;
  const d = await fakeDaemon((c) =>
    c === 'enable' ? { output: '', status: 0 } : c.startsWith('neighbor') ? { output: `% Unknown command: ${c}\n`, status: 2 } : 'hang',
  );
  const vty = new VtyClient(d.path, { commandTimeoutMs: 100 });
  try {
    await assert.rejects(vty.execOk(command), (e: unknown) => {
      assert.ok(e instanceof VtyCommandError);
      assert.ok(!JSON.stringify({ ...e, message: e.message }).includes(secret), JSON.stringify({ ...e, message: e.message }));
      assert.match(e.message, /neighbor 192\.0\.2\.2 password \*{8}/);
      return true;
    });
    // `no …` is not refused but never answered: it times out.
    await assert.rejects(
      vty.exec(`no neighbor 192.0.2.3 password ${secret}`),
      (e: Error) => /timed out/.test(e.message) && !e.message.includes(secret),
    );
  } finally {
    vty.close();
    await d.stop();
  }
});

test('withoutSecrets masks every password word and leaves other text as it is', () => {
  assert.equal(
    withoutSecrets('a\n neighbor 10.0.0.1 password k1\nno neighbor 10.0.0.2 password  k2\nneighbor x remote-as 65001'),
    'a\n neighbor 10.0.0.1 password ********\nno neighbor 10.0.0.2 password  ********\nneighbor x remote-as 65001',
  );
});

test('reconnects (and re-enables) after the daemon drops the connection', async () => {
  const d = await fakeDaemon(echo);
  const vty = new VtyClient(d.path);
  try {
    await vty.exec('one');
    d.dropClients();
    await new Promise((r) => setTimeout(r, 20));
    const r = await vty.exec('two');
    assert.equal(r.output, 'out:two\n');
    assert.deepEqual(d.received, ['enable', 'one', 'enable', 'two']);
  } finally {
    vty.close();
    await d.stop();
  }
});

test('a command in flight when the connection closes is rejected, not left hanging', async () => {
  const d = await fakeDaemon((c) => (c === 'enable' ? { output: '', status: 0 } : 'close'));
  const vty = new VtyClient(d.path);
  try {
    await assert.rejects(vty.exec('show bfd peers json'), /closed/);
  } finally {
    vty.close();
    await d.stop();
  }
});

test('a daemon that never answers times out', async () => {
  const d = await fakeDaemon((c) => (c === 'enable' ? { output: '', status: 0 } : 'hang'));
  const vty = new VtyClient(d.path, { commandTimeoutMs: 100 });
  try {
    await assert.rejects(vty.exec('show running-config'), /timed out/);
  } finally {
    vty.close();
    await d.stop();
  }
});

test('connecting to a missing socket rejects', async () => {
  const vty = new VtyClient('/nonexistent/vbrd/bgpd.vty');
  await assert.rejects(vty.exec('show version'), /ENOENT/);
  vty.close();
});
