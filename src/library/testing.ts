// `vbrd/testing`: common fixtures in one call, built through the API as a user's code would build them
// (so statuses, quotas and ClientTokens are what the API makes), with settle() instead of waiting.
import type { RunningVbrd } from './index.js';
import { RpcCallError } from './rpc.js';

export interface FixtureOptions {
  /** Whose resources (default the root account); another must be in the seed. */
  accountId?: string;
  regionId?: string;
  /** Default: the first access point of the region with a port free for this account. */
  accessPointId?: string;
  vlanId?: number;
  peerAsn?: number;
  /** Also a BGP peer in the group, on the VBR's peer gateway (default false). */
  peer?: boolean;
}

export interface Fixture {
  accountId: string;
  regionId: string;
  physicalConnectionId: string;
  vbrId: string;
  bgpGroupId: string;
  bgpPeerId?: string;
}

/** An Enabled circuit with an active VBR and an Available BGP group on it (and a peer, if asked). */
export async function createFixture(vbrd: RunningVbrd, o: FixtureOptions = {}): Promise<Fixture> {
  const accountId = o.accountId ?? vbrd.accountId;
  const regionId = o.regionId ?? 'cn-hangzhou';
  const as = { as: accountId };
  const call = (action: string, params: Record<string, string | number | boolean>) =>
    vbrd.call(action, { RegionId: regionId, ...params }, as);
  try {
    await call('OpenPhysicalConnectionService', {});
  } catch (e) {
    if (!(e instanceof RpcCallError && e.code === 'InvalidOperation.OrderOpened')) throw e;
  }
  const accessPoints = o.accessPointId
    ? [o.accessPointId]
    : (vbrd.server.config.seed.regions.find((r) => r.regionId === regionId)?.accessPoints.map((a) => a.accessPointId) ?? []);
  let physicalConnectionId: string | undefined;
  let lastError: unknown;
  for (const accessPointId of accessPoints) {
    try {
      const created = await call('CreatePhysicalConnection', { AccessPointId: accessPointId, LineOperator: 'CT', PortType: '10GBase-LR' });
      physicalConnectionId = String(created.PhysicalConnectionId);
      break;
    } catch (e) {
      // This access point is full for the account: the next may not be.
      if (!(e instanceof RpcCallError && /^(QuotaExceeded|InvalidPortType)/.test(e.code))) throw e;
      lastError = e;
    }
  }
  if (physicalConnectionId === undefined) throw lastError ?? new Error(`region ${regionId} has no access point`);
  await vbrd.settle();
  await call('ConfirmPhysicalConnection', { PhysicalConnectionId: physicalConnectionId });
  await call('EnablePhysicalConnection', { PhysicalConnectionId: physicalConnectionId });
  await vbrd.settle();
  const vbr = await call('CreateVirtualBorderRouter', {
    PhysicalConnectionId: physicalConnectionId,
    VlanId: o.vlanId ?? 10,
    LocalGatewayIp: '192.0.2.1',
    PeerGatewayIp: '192.0.2.2',
    PeeringSubnetMask: '255.255.255.252',
  });
  const vbrId = String(vbr.VbrId);
  const group = await call('CreateBgpGroup', { RouterId: vbrId, PeerAsn: o.peerAsn ?? 65001 });
  const bgpGroupId = String(group.BgpGroupId);
  await vbrd.settle();
  let bgpPeerId: string | undefined;
  if (o.peer) {
    bgpPeerId = String((await call('CreateBgpPeer', { BgpGroupId: bgpGroupId, PeerIpAddress: '192.0.2.2' })).BgpPeerId);
    await vbrd.settle();
  }
  return { accountId, regionId, physicalConnectionId, vbrId, bgpGroupId, ...(bgpPeerId && { bgpPeerId }) };
}
