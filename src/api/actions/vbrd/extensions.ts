// vbrd's own read actions, served at /_vbrd/api (never at `/`): what the console needs that Alibaba's
// API lacks. They are called and signed exactly like API calls (the same pipeline: signature, nonce,
// parameters, region, RAM, envelope), and each is authorized as the Alibaba action it extends.
import { findOwn } from '../own-resource.js';
import { readAction, type ActionDef } from '../../action.js';
import { apiError } from '../../../errors/catalogue.js';
import type { BgpPeerData } from '../../../domain/model.js';
import { vbrResourceArn } from '../vbr-shared.js';
import type { AuditEntry } from '../../../store/record.js';
import { isReleased, portKey, type CircuitData } from '../../../domain/physical-connection.js';

/** The most entries one call returns. */
const MAX_ENTRIES = 1000;

const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

function entriesParam(n: number | undefined): number {
  if (n === undefined) return MAX_ENTRIES;
  if (!Number.isInteger(n) || n < 1 || n > MAX_ENTRIES) throw apiError('InvalidParameter', 'MaxEntries');
  return n;
}

/** A time in milliseconds since the epoch, or an ISO 8601 instant. */
function timeParam(name: string, v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  const t = /^\d+$/.test(v) ? Number(v) : Date.parse(v);
  if (!Number.isFinite(t)) throw apiError('InvalidParameter', name);
  return t;
}

/**
 * One peer's BgpStatus transitions as the reconciler saw them (kept a day), for the console's timeline.
 * Authorized as DescribeBgpPeers of the peer's VBR: whoever may see the peer may see its history.
 */
export const describeBgpPeerHistory = readAction({
  name: 'DescribeBgpPeerHistory',
  product: 'vpc',
  ramAction: 'vpc:DescribeBgpPeers',
  params: {
    RegionId: { type: 'string', required: true },
    BgpPeerId: { type: 'string', required: true },
    StartTime: { type: 'string' },
    MaxEntries: { type: 'integer' },
  },
  // A peer that is not the caller's is authorized against any VBR, then answers NotFound: a caller
  // denied every VBR learns nothing of which peers exist.
  resource: async (ctx, p) => vbrResourceArn(ctx, (await findOwn<BgpPeerData>(ctx, 'BgpPeer', p.BgpPeerId))?.vbrId),
  async run(ctx, p) {
    const since = timeParam('StartTime', p.StartTime);
    const limit = entriesParam(p.MaxEntries);
    const peer = await findOwn<BgpPeerData>(ctx, 'BgpPeer', p.BgpPeerId);
    if (!peer) throw apiError('InvalidBgpPeerId.NotFound');
    const changes = await ctx.services.store.listBgpStatusHistory({ peerId: peer.id, since, limit });
    return {
      BgpPeerId: peer.id,
      RouterId: peer.vbrId,
      Transitions: changes.map((c) => ({ Time: iso(c.time), TimeMs: c.time, From: c.from, To: c.to })),
    };
  },
});

/**
 * The caller's account's audit trail (what vbrd records of every write and every denial): the latest
 * MaxEntries matching, oldest first.
 * Authorized as ActionTrail's LookupEvents, the Alibaba action that reads an account's trail.
 */
export const describeAuditTrail = readAction({
  name: 'DescribeAuditTrail',
  product: 'vpc',
  ramAction: 'actiontrail:LookupEvents',
  params: {
    EventName: { type: 'string' },
    Principal: { type: 'string' },
    Decision: { type: 'string' },
    StartTime: { type: 'string' },
    EndTime: { type: 'string' },
    MaxEntries: { type: 'integer' },
  },
  resource: () => '*',
  async run(ctx, p) {
    const since = timeParam('StartTime', p.StartTime);
    const until = timeParam('EndTime', p.EndTime);
    const limit = entriesParam(p.MaxEntries);
    const entries: AuditEntry[] = await ctx.services.store.listAudit({
      accountId: ctx.accountId,
      action: p.EventName,
      principal: p.Principal,
      decision: p.Decision,
      since,
      until,
      limit,
      latest: true,
    });
    return {
      Events: entries.map((e) => ({
        Time: iso(e.time),
        Principal: e.principal,
        EventName: e.action,
        Resource: e.resource,
        Decision: e.decision,
        Code: e.code,
        RequestId: e.requestId,
        SourceIp: e.sourceIp,
      })),
    };
  },
});

/**
 * How many ports each access point of the region has and how many no live circuit holds (of any
 * account: the inventory is shared, and only counts are told). Authorized as DescribeAccessPoints.
 */
export const describeAccessPointPorts = readAction({
  name: 'DescribeAccessPointPorts',
  product: 'vpc',
  ramAction: 'vpc:DescribeAccessPoints',
  params: { RegionId: { type: 'string', required: true } },
  resource: () => '*',
  async run(ctx) {
    const region = ctx.region!;
    const circuits = (await ctx.db.list<CircuitData>({ kind: 'PhysicalConnection', regionId: region.regionId })).items;
    const used = new Set(
      circuits.filter((c) => c.data.ProductType === 'PhysicalConnection' && !isReleased(c.status)).map((c) => portKey(c.data)),
    );
    return {
      AccessPoints: region.accessPoints.map((ap) => {
        const ports = ap.devices.flatMap((d) => d.ports.map((p) => `${d.deviceId}/${p.portNumber}`));
        return {
          AccessPointId: ap.accessPointId,
          Status: ap.status,
          TotalPorts: ports.length,
          FreePorts: ports.filter((k) => !used.has(k)).length,
        };
      }),
    };
  },
});

export const vbrdExtensionActions: ActionDef[] = [describeBgpPeerHistory, describeAuditTrail, describeAccessPointPorts];
