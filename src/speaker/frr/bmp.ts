// The BGP Monitoring Protocol (RFC 7854), the part a collector of session state needs: the framing, the
// per-peer header, and Initiation, Termination, Peer Up, Peer Down, Route Monitoring and Stats Report by
// type. bgpd's BMP module (`bgpd -M bmp`) is the sender; vbrd only ever reads. Anything malformed is a
// BmpFormatError, and the connection it came on is closed: a collector never guesses at a frame boundary.
import ipaddr from 'ipaddr.js';

export const BMP_VERSION = 3;
const COMMON_HEADER = 6;
const PER_PEER_HEADER = 42;
/** bgpd's largest message is a BGP UPDATE (≤ 64 KiB with extended messages) plus headers; anything far beyond is garbage. */
const MAX_MESSAGE = 1 << 20;

/** Peer Down reasons (RFC 7854 §4.9). */
export const PEER_DOWN_REASONS: Record<number, string> = {
  1: 'local system closed the session with a NOTIFICATION',
  2: 'local system closed the session without a NOTIFICATION',
  3: 'remote system closed the session with a NOTIFICATION',
  4: 'remote system closed the session without a NOTIFICATION',
  5: 'peer de-configured',
};

/** The per-peer header (RFC 7854 §4.2): which session a message is about. */
export interface BmpPeer {
  /** 0 global instance, 1 RD instance, 2 local instance. */
  peerType: number;
  ipv6: boolean;
  postPolicy: boolean;
  /** The Peer Distinguisher as 16 hex digits (all zero for a global-instance peer). */
  distinguisher: string;
  address: string;
  asn: number;
  bgpId: string;
  /** When the sender saw the event (ms since the epoch), 0 when it did not say. */
  timestampMs: number;
}

export type BmpMessage =
  | { type: 'initiation'; sysName: string | null; sysDescr: string | null; info: string[] }
  | { type: 'termination'; reason: number | null; info: string[] }
  | { type: 'peer-up'; peer: BmpPeer; localAddress: string; localPort: number; remotePort: number }
  | { type: 'peer-down'; peer: BmpPeer; reason: number }
  | { type: 'route-monitoring'; peer: BmpPeer }
  | { type: 'stats-report'; peer: BmpPeer }
  | { type: 'route-mirroring'; peer: BmpPeer }
  | { type: 'unknown'; code: number };

export class BmpFormatError extends Error {
  override name = 'BmpFormatError';
}

/** Splits a BMP byte stream into messages; feed it every chunk as it arrives. */
export class BmpFramer {
  private pending: Buffer = Buffer.alloc(0);

  /** The messages completed by this chunk (none while a message is still arriving). */
  push(chunk: Buffer): BmpMessage[] {
    this.pending = this.pending.length === 0 ? chunk : Buffer.concat([this.pending, chunk]);
    const out: BmpMessage[] = [];
    while (this.pending.length >= COMMON_HEADER) {
      const length = frameLength(this.pending);
      if (this.pending.length < length) break;
      out.push(parseBmpMessage(this.pending.subarray(0, length)));
      this.pending = this.pending.subarray(length);
    }
    return out;
  }
}

/** The length of the message at the start of `buf` (which holds at least its common header). */
function frameLength(buf: Buffer): number {
  const version = buf.readUInt8(0);
  if (version !== BMP_VERSION) throw new BmpFormatError(`BMP version ${version}, expected ${BMP_VERSION}`);
  const length = buf.readUInt32BE(1);
  if (length < COMMON_HEADER || length > MAX_MESSAGE) throw new BmpFormatError(`BMP message length ${length} is out of range`);
  return length;
}

/** One whole message, common header included. */
export function parseBmpMessage(msg: Buffer): BmpMessage {
  if (msg.length < COMMON_HEADER || frameLength(msg) !== msg.length)
    throw new BmpFormatError('BMP message length does not match its header');
  const code = msg.readUInt8(5);
  const body = msg.subarray(COMMON_HEADER);
  switch (code) {
    case 0:
      return { type: 'route-monitoring', peer: perPeerHeader(body) };
    case 1:
      return { type: 'stats-report', peer: perPeerHeader(body) };
    case 2: {
      const peer = perPeerHeader(body);
      const rest = body.subarray(PER_PEER_HEADER);
      if (rest.length < 1) throw new BmpFormatError('Peer Down without a reason');
      return { type: 'peer-down', peer, reason: rest.readUInt8(0) };
    }
    case 3: {
      const peer = perPeerHeader(body);
      const rest = body.subarray(PER_PEER_HEADER);
      if (rest.length < 20) throw new BmpFormatError('Peer Up shorter than its fixed fields');
      // The local address is written like the peer's: IPv4 in the last four bytes unless the V flag is set.
      const localAddress = address(rest.subarray(0, 16), peer.ipv6);
      const localPort = rest.readUInt16BE(16);
      const remotePort = rest.readUInt16BE(18);
      // The two OPEN messages follow; only their framing is checked.
      let at = 20;
      for (const which of ['sent', 'received']) {
        if (rest.length < at + 19) throw new BmpFormatError(`Peer Up: the ${which} OPEN is cut short`);
        const len = rest.readUInt16BE(at + 16);
        if (len < 19 || rest.length < at + len) throw new BmpFormatError(`Peer Up: the ${which} OPEN has length ${len}`);
        at += len;
      }
      return { type: 'peer-up', peer, localAddress, localPort, remotePort };
    }
    case 4: {
      const tlvs = readTlvs(body);
      const text = (t: number) => tlvs.filter((x) => x.type === t).map((x) => x.value.toString('utf8'));
      return { type: 'initiation', sysDescr: text(1)[0] ?? null, sysName: text(2)[0] ?? null, info: text(0) };
    }
    case 5: {
      const tlvs = readTlvs(body);
      const reason = tlvs.find((x) => x.type === 1 && x.value.length === 2);
      return {
        type: 'termination',
        reason: reason ? reason.value.readUInt16BE(0) : null,
        info: tlvs.filter((x) => x.type === 0).map((x) => x.value.toString('utf8')),
      };
    }
    case 6:
      return { type: 'route-mirroring', peer: perPeerHeader(body) };
    default:
      return { type: 'unknown', code };
  }
}

function perPeerHeader(body: Buffer): BmpPeer {
  if (body.length < PER_PEER_HEADER) throw new BmpFormatError('per-peer header cut short');
  const flags = body.readUInt8(1);
  const ipv6 = (flags & 0x80) !== 0;
  const seconds = body.readUInt32BE(34);
  const micros = body.readUInt32BE(38);
  return {
    peerType: body.readUInt8(0),
    ipv6,
    postPolicy: (flags & 0x40) !== 0,
    distinguisher: body.subarray(2, 10).toString('hex'),
    address: address(body.subarray(10, 26), ipv6),
    asn: body.readUInt32BE(26),
    bgpId: ipaddr.fromByteArray([...body.subarray(30, 34)]).toString(),
    timestampMs: seconds * 1000 + Math.floor(micros / 1000),
  };
}

function address(sixteen: Buffer, ipv6: boolean): string {
  return ipaddr.fromByteArray([...(ipv6 ? sixteen : sixteen.subarray(12, 16))]).toString();
}

function readTlvs(body: Buffer): { type: number; value: Buffer }[] {
  const out: { type: number; value: Buffer }[] = [];
  let at = 0;
  while (at < body.length) {
    if (body.length < at + 4) throw new BmpFormatError('information TLV header cut short');
    const type = body.readUInt16BE(at);
    const len = body.readUInt16BE(at + 2);
    if (body.length < at + 4 + len) throw new BmpFormatError(`information TLV of type ${type} cut short`);
    out.push({ type, value: body.subarray(at + 4, at + 4 + len) });
    at += 4 + len;
  }
  return out;
}
