// AddBgpNetwork, DescribeBgpNetworks, DeleteBgpNetwork. A BGP network has no id of its own: it is
// keyed by (RouterId, DstCidrBlock), and its record id is "<RouterId>:<cidr>".
import { apiError } from '../../errors/catalogue.js';
import { isDeletable, isDeleting, type BgpNetworkData } from '../../domain/model.js';
import { parseNetworkCidr } from '../../domain/bgp-rules.js';
import type { ResourceRecord } from '../../store/record.js';
import { vbrResourceArn } from './vbr-shared.js';
import { readAction, writeAction } from '../action.js';
import { requireOwn } from './own-resource.js';
import { applyError, ownVbr, requireVbrActive, saveDesired } from './bgp-shared.js';
import { bgpPage } from './bgp-describe.js';
import { lockKeys } from '../../domain/lock-keys.js';
import { pagingParams } from './param-groups.js';

const networkId = (vbrId: string, cidr: string) => `${vbrId}:${cidr}`;

/** The CIDR as the caller wrote it, normalised (a bare address is its /32 or /128); a malformed one cannot match anything stored. */
function normalisedCidr(text: string): string {
  try {
    return parseNetworkCidr(text).cidr;
  } catch {
    return text;
  }
}

export const addBgpNetwork = writeAction({
  name: 'AddBgpNetwork',
  product: 'vpc',
  regionNotFoundMessage: 'The specified RegionId does not exist in our records.',
  params: {
    RegionId: { type: 'string', required: true },
    RouterId: { type: 'string', required: true },
    DstCidrBlock: { type: 'string', required: true },
    VpcId: { type: 'string' },
    ClientToken: { type: 'string' },
  },
  resource: (ctx, p) => vbrResourceArn(ctx, p.RouterId),
  locks: (_ctx, p) => [lockKeys.vbr(p.RouterId)],
  async run(ctx, p) {
    const vbr = await ownVbr(ctx, p.RouterId);
    const { cidr, version } = parseNetworkCidr(p.DstCidrBlock);
    // vbrd models no VPCs; a VpcId is recorded if it has a VPC id's shape.
    if (p.VpcId !== undefined && p.VpcId !== '' && !/^vpc-[a-z0-9]{4,}$/.test(p.VpcId))
      throw apiError('InvalidParams.NotFound', undefined, { message: 'vpc instance not found' });
    if (version === 'IPv6' && !vbr.data.EnableIpv6)
      throw apiError('IllegalParam.IpVersion', undefined, { message: 'The IpVersion is illegal: the VBR does not have IPv6 enabled.' });
    requireVbrActive(vbr);
    const existing = await ctx.db.list<BgpNetworkData>({ kind: 'BgpNetwork', vbrId: vbr.id });
    if (existing.items.some((n) => n.data.DstCidrBlock === cidr)) throw apiError('Duplicated.CidrBlock');
    if (existing.items.length >= ctx.services.seed.quotas.bgpNetworksPerVbr) throw apiError('QuotaExceeded.BgpNetwork');
    const rec: ResourceRecord<BgpNetworkData> = {
      id: networkId(vbr.id, cidr),
      kind: 'BgpNetwork',
      accountId: ctx.accountId,
      regionId: vbr.regionId,
      parentId: vbr.id,
      vbrId: vbr.id,
      status: 'Pending',
      dueAt: null,
      data: {
        DstCidrBlock: cidr,
        // Read back exactly as written: Terraform finds the network by comparing this text with its own.
        DstCidrBlockAsGiven: p.DstCidrBlock,
        VpcId: p.VpcId ?? '',
        IpVersion: version,
        generation: 0,
        lastError: '',
        GmtModified: ctx.now,
      },
    };
    await saveDesired(ctx, rec, 'Pending', rec.data, true);
    return {};
  },
});

export const describeBgpNetworks = readAction({
  name: 'DescribeBgpNetworks',
  product: 'vpc',
  params: {
    RegionId: { type: 'string', required: true },
    RouterId: { type: 'string' },
    ...pagingParams,
  },
  resource: (ctx, p) => vbrResourceArn(ctx, p.RouterId),
  async run(ctx, p) {
    const { items, page } = await bgpPage<BgpNetworkData>(ctx, 'BgpNetwork', p, {});
    return {
      ...page,
      BgpNetworks: {
        BgpNetwork: items.map((n) => ({
          RouterId: n.vbrId,
          DstCidrBlock: n.data.DstCidrBlockAsGiven ?? n.data.DstCidrBlock,
          VpcId: n.data.VpcId,
          Status: n.status,
          ...applyError(n.data),
        })),
      },
    };
  },
});

export const deleteBgpNetwork = writeAction({
  name: 'DeleteBgpNetwork',
  product: 'vpc',
  params: {
    RegionId: { type: 'string', required: true },
    RouterId: { type: 'string', required: true },
    DstCidrBlock: { type: 'string', required: true },
    ClientToken: { type: 'string' },
  },
  resource: (ctx, p) => vbrResourceArn(ctx, p.RouterId),
  locks: (_ctx, p) => [lockKeys.vbr(p.RouterId)],
  async run(ctx, p) {
    await ownVbr(ctx, p.RouterId);
    const net = await requireOwn<BgpNetworkData>(
      ctx,
      'BgpNetwork',
      networkId(p.RouterId, normalisedCidr(p.DstCidrBlock)),
      'InvalidParams.NotFound',
    );
    if (isDeleting(net)) return {};
    if (!isDeletable(net)) throw apiError('InvalidStatus.CannotOperate');
    await saveDesired(ctx, net, 'Deleting', net.data);
    return {};
  },
});
