import { test } from 'node:test';
import assert from 'node:assert/strict';
import ipaddr from 'ipaddr.js';
import { BmpFormatError, BmpFramer, parseBmpMessage } from './bmp.js';

// Messages built byte by byte from RFC 7854's layouts, independent of the parser.
function message(type: number, body: Buffer): Buffer {
  const head = Buffer.alloc(6);
  head.writeUInt8(3, 0);
  head.writeUInt32BE(6 + body.length, 1);
  head.writeUInt8(type, 5);
  return Buffer.concat([head, body]);
}

function address16(ip: string): Buffer {
  const bytes = ipaddr.parse(ip).toByteArray();
  const out = Buffer.alloc(16);
  Buffer.from(bytes).copy(out, 16 - bytes.length);
  return out;
}

function perPeer(ip: string, o: { asn?: number; bgpId?: string; postPolicy?: boolean; seconds?: number } = {}): Buffer {
  const b = Buffer.alloc(42);
  b.writeUInt8(0, 0);
  b.writeUInt8((ip.includes(':') ? 0x80 : 0) | (o.postPolicy ? 0x40 : 0), 1);
  address16(ip).copy(b, 10);
  b.writeUInt32BE(o.asn ?? 65001, 26);
  Buffer.from(ipaddr.parse(o.bgpId ?? '198.51.100.1').toByteArray()).copy(b, 30);
  b.writeUInt32BE(o.seconds ?? 1_700_000_000, 34);
  b.writeUInt32BE(250_000, 38);
  return b;
}

function open(): Buffer {
  const b = Buffer.alloc(29, 0xff);
  b.writeUInt16BE(29, 16);
  b.writeUInt8(1, 18);
  return b;
}

function tlv(type: number, value: Buffer | string): Buffer {
  const v = typeof value === 'string' ? Buffer.from(value) : value;
  const h = Buffer.alloc(4);
  h.writeUInt16BE(type, 0);
  h.writeUInt16BE(v.length, 2);
  return Buffer.concat([h, v]);
}

function peerUp(ip: string, local: string): Buffer {
  const ports = Buffer.alloc(4);
  ports.writeUInt16BE(179, 0);
  ports.writeUInt16BE(40000, 2);
  return message(3, Buffer.concat([perPeer(ip, { postPolicy: true }), address16(local), ports, open(), open()]));
}

test('Peer Up: the session, its local address and ports, for IPv4 and IPv6', () => {
  const v4 = parseBmpMessage(peerUp('192.0.2.2', '192.0.2.1'));
  assert.equal(v4.type, 'peer-up');
  if (v4.type !== 'peer-up') return;
  assert.equal(v4.peer.address, '192.0.2.2');
  assert.equal(v4.peer.ipv6, false);
  assert.equal(v4.peer.postPolicy, true);
  assert.equal(v4.peer.asn, 65001);
  assert.equal(v4.peer.bgpId, '198.51.100.1');
  assert.equal(v4.peer.timestampMs, 1_700_000_000_250);
  assert.equal(v4.peer.distinguisher, '0000000000000000');
  assert.deepEqual([v4.localAddress, v4.localPort, v4.remotePort], ['192.0.2.1', 179, 40000]);
  const v6 = parseBmpMessage(peerUp('2001:db8:64::2', '2001:db8:64::1'));
  assert.equal(v6.type === 'peer-up' && `${v6.peer.address} ${v6.localAddress} ${v6.peer.ipv6}`, '2001:db8:64::2 2001:db8:64::1 true');
});

test('Peer Down carries its reason; Route Monitoring and Stats Report their peer', () => {
  const down = parseBmpMessage(message(2, Buffer.concat([perPeer('192.0.2.6'), Buffer.from([4])])));
  assert.deepEqual(down.type === 'peer-down' && [down.peer.address, down.reason], ['192.0.2.6', 4]);
  const rm = parseBmpMessage(message(0, Buffer.concat([perPeer('192.0.2.2'), Buffer.alloc(23, 0xff)])));
  assert.deepEqual(rm.type === 'route-monitoring' && rm.peer.address, '192.0.2.2');
  const stats = parseBmpMessage(message(1, Buffer.concat([perPeer('192.0.2.2'), Buffer.alloc(4)])));
  assert.equal(stats.type, 'stats-report');
});

test('Initiation and Termination: their information TLVs', () => {
  const init = parseBmpMessage(message(4, Buffer.concat([tlv(1, 'FRRouting 8.4.4'), tlv(2, 'vm'), tlv(0, 'hello')])));
  assert.deepEqual(init, { type: 'initiation', sysDescr: 'FRRouting 8.4.4', sysName: 'vm', info: ['hello'] });
  const reason = Buffer.alloc(2);
  reason.writeUInt16BE(1, 0);
  assert.deepEqual(parseBmpMessage(message(5, tlv(1, reason))), { type: 'termination', reason: 1, info: [] });
  assert.deepEqual(parseBmpMessage(message(9, Buffer.alloc(0))), { type: 'unknown', code: 9 });
});

test('the framer finds messages across chunk boundaries, byte by byte or many in one chunk', () => {
  const stream = Buffer.concat([
    message(4, tlv(2, 'vm')),
    peerUp('192.0.2.2', '192.0.2.1'),
    message(2, Buffer.concat([perPeer('192.0.2.2'), Buffer.from([1])])),
  ]);
  const oneByOne = new BmpFramer();
  const seen: string[] = [];
  for (const byte of stream) for (const m of oneByOne.push(Buffer.from([byte]))) seen.push(m.type);
  assert.deepEqual(seen, ['initiation', 'peer-up', 'peer-down']);
  assert.deepEqual(
    new BmpFramer().push(stream).map((m) => m.type),
    ['initiation', 'peer-up', 'peer-down'],
  );
});

test('malformed input is refused, never guessed at', () => {
  const wrongVersion = message(4, Buffer.alloc(0));
  wrongVersion.writeUInt8(2, 0);
  assert.throws(() => new BmpFramer().push(wrongVersion), BmpFormatError);
  const tooShort = Buffer.from([3, 0, 0, 0, 2, 4]);
  assert.throws(() => new BmpFramer().push(tooShort), BmpFormatError);
  const huge = Buffer.from([3, 0x7f, 0, 0, 0, 4]);
  assert.throws(() => new BmpFramer().push(huge), BmpFormatError);
  assert.throws(() => parseBmpMessage(message(3, perPeer('192.0.2.2'))), /Peer Up shorter/);
  assert.throws(() => parseBmpMessage(message(2, perPeer('192.0.2.2'))), /without a reason/);
  assert.throws(() => parseBmpMessage(message(0, Buffer.alloc(10))), /per-peer header/);
  assert.throws(() => parseBmpMessage(message(4, Buffer.from([0, 2, 0, 9, 65]))), /cut short/);
  const badOpen = Buffer.concat([perPeer('192.0.2.2'), address16('192.0.2.1'), Buffer.alloc(4), open(), Buffer.alloc(10)]);
  assert.throws(() => parseBmpMessage(message(3, badOpen)), /received OPEN/);
});
