// ChangeResourceGroup: move one of the caller's Express Connect resources to another of its resource
// groups (domain/resource-groups.ts). Synchronous; the resource's own lock keeps concurrent moves apart.
import { apiError } from '../../errors/catalogue.js';
import { isResourceGroupOf } from '../../domain/resource-groups.js';
import { writeAction, type ActionDef } from '../action.js';
import { REGION_MESSAGE } from './express-connect-shared.js';
import { findOwnOfType, isResourceType, lockOfType, resourceTypeArn, type ResourceType } from './express-connect-resource-types.js';

function resourceType(s: string): ResourceType {
  if (!isResourceType(s)) throw apiError('ResourceType.Unknown');
  return s;
}

const changeResourceGroup = writeAction({
  name: 'ChangeResourceGroup',
  product: 'vpc',
  regionNotFoundMessage: REGION_MESSAGE,
  params: {
    RegionId: { type: 'string', required: true },
    ResourceType: { type: 'string', required: true },
    ResourceId: { type: 'string', required: true },
    NewResourceGroupId: { type: 'string', required: true },
  },
  resource: (ctx, p) => resourceTypeArn(ctx, resourceType(p.ResourceType), p.ResourceId),
  locks: (_ctx, p) => lockOfType(resourceType(p.ResourceType), p.ResourceId),
  async run(ctx, p) {
    const r = await findOwnOfType(ctx, resourceType(p.ResourceType), p.ResourceId);
    if (!r) throw apiError('InvalidInstanceId.NotFound');
    if (!isResourceGroupOf(ctx.services.seed, ctx.accountId, p.NewResourceGroupId)) throw apiError('InvalidResourceGroupId');
    if (r.data.ResourceGroupId !== p.NewResourceGroupId)
      await ctx.db.update({ ...r, data: { ...r.data, ResourceGroupId: p.NewResourceGroupId } });
    return {};
  },
});

export const resourceGroupActions: ActionDef[] = [changeResourceGroup];
