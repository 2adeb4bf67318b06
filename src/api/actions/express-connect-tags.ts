// Tags of Express Connect resources: TagResourcesForExpressConnect, UntagResourcesForExpressConnect and
// ListTagResourcesForExpressConnect, for every resource type vbrd has (express-connect-resource-types.ts).
// The rules are the domain's (domain/tags.ts); Describe actions show the same Tags.
import { apiError } from '../../errors/catalogue.js';
import { given } from '../../domain/express-connect-text.js';
import { bindTags, checkTagFilter, checkTagKeys, checkTagsToBind, matchesTags, MAX_TAGS, unbindTags } from '../../domain/tags.js';
import type { ResourceRecord } from '../../store/record.js';
import { readAction, writeAction, type ActionDef, type Body, type ReadContext, type WriteContext } from '../action.js';
import { REGION_MESSAGE } from './express-connect-shared.js';
import { tagsParam } from './param-groups.js';
import {
  findOwnOfType,
  isResourceType,
  lockOfType,
  ownOfType,
  resourceTypeArn,
  type ResourceType,
  type Taggable,
} from './express-connect-resource-types.js';

// Alibaba's schema caps these lists at 21 items; the tag rules then refuse more than 20 with their own codes.
const LISTED = 21;
const TAG_PARAM = tagsParam(LISTED);

function resourceType(s: string): ResourceType {
  if (!isResourceType(s)) throw apiError('InvalidInstanceType.NotFound');
  return s;
}

/** The named resource ids, each once, at most 20. */
function resourceIds(ids: string[] | undefined): string[] {
  const unique = [...new Set((ids ?? []).filter(given))];
  if (unique.length > MAX_TAGS) throw apiError('SizeLimitExceeded.ResourceId');
  return unique;
}

/** Every named resource, the caller's own; one that is not (missing, another account's) fails the whole call. */
async function ownResources(ctx: ReadContext, type: ResourceType, ids: string[]): Promise<ResourceRecord<Taggable>[]> {
  const out: ResourceRecord<Taggable>[] = [];
  for (const id of ids) {
    const r = await findOwnOfType(ctx, type, id);
    if (!r) throw apiError('InvalidInstanceIds.NotFound');
    out.push(r);
  }
  if (out.length === 0) throw apiError('MissingParameter', 'ResourceId');
  return out;
}

async function retag(ctx: WriteContext, resources: ResourceRecord<Taggable>[], change: (tags: Taggable['Tags']) => Taggable['Tags']) {
  for (const r of resources) await ctx.db.update({ ...r, data: { ...r.data, Tags: change(r.data.Tags ?? []) } });
}

const tagResources = writeAction({
  name: 'TagResourcesForExpressConnect',
  product: 'vpc',
  regionNotFoundMessage: REGION_MESSAGE,
  params: {
    RegionId: { type: 'string', required: true },
    ResourceType: { type: 'string', required: true },
    ResourceId: { type: 'strings', required: true, maxItems: LISTED },
    Tag: { ...TAG_PARAM, required: true },
  },
  resource: (ctx, p) => resourceIds(p.ResourceId).map((id) => resourceTypeArn(ctx, resourceType(p.ResourceType), id)),
  locks: (_ctx, p) => resourceIds(p.ResourceId).flatMap((id) => lockOfType(resourceType(p.ResourceType), id)),
  async run(ctx, p) {
    const type = resourceType(p.ResourceType);
    const tags = checkTagsToBind(p.Tag);
    const resources = await ownResources(ctx, type, resourceIds(p.ResourceId));
    await retag(ctx, resources, (have) => bindTags(have, tags));
    return {};
  },
});

const untagResources = writeAction({
  name: 'UntagResourcesForExpressConnect',
  product: 'vpc',
  regionNotFoundMessage: REGION_MESSAGE,
  params: {
    RegionId: { type: 'string', required: true },
    ResourceType: { type: 'string', required: true },
    ResourceId: { type: 'strings', required: true, maxItems: LISTED },
    TagKey: { type: 'strings', maxItems: LISTED },
    All: { type: 'boolean' },
  },
  resource: (ctx, p) => resourceIds(p.ResourceId).map((id) => resourceTypeArn(ctx, resourceType(p.ResourceType), id)),
  locks: (_ctx, p) => resourceIds(p.ResourceId).flatMap((id) => lockOfType(resourceType(p.ResourceType), id)),
  async run(ctx, p) {
    const type = resourceType(p.ResourceType);
    const keys = checkTagKeys([...new Set(p.TagKey ?? [])]);
    const resources = await ownResources(ctx, type, resourceIds(p.ResourceId));
    // All applies when no key is named; named keys remove just those; neither removes nothing.
    await retag(ctx, resources, (have) => unbindTags(have, keys.length === 0 && p.All ? 'all' : keys));
    return {};
  },
});

const listTagResources = readAction({
  name: 'ListTagResourcesForExpressConnect',
  product: 'vpc',
  regionNotFoundMessage: REGION_MESSAGE,
  params: {
    RegionId: { type: 'string', required: true },
    ResourceType: { type: 'string', required: true },
    ResourceId: { type: 'strings', maxItems: LISTED },
    Tag: TAG_PARAM,
    MaxResults: { type: 'integer' },
    NextToken: { type: 'string' },
  },
  resource: (ctx, p) => {
    const type = resourceType(p.ResourceType);
    const ids = resourceIds(p.ResourceId);
    return ids.length ? ids.map((id) => resourceTypeArn(ctx, type, id)) : resourceTypeArn(ctx, type);
  },
  async run(ctx, p) {
    const type = resourceType(p.ResourceType);
    const ids = resourceIds(p.ResourceId);
    const filter = checkTagFilter(p.Tag);
    if (ids.length === 0 && filter.length === 0) throw apiError('BothEmpty.TagsAndResources');
    const max = p.MaxResults ?? 20;
    if (max < 1 || max > 100) throw apiError('InvalidParameter', 'MaxResults');
    const offset = given(p.NextToken) ? Number(p.NextToken) : 0;
    if (!Number.isSafeInteger(offset) || offset < 0) throw apiError('InvalidParameter', 'NextToken');

    // Named ids that are not the caller's are simply not listed (a list never tells whose they are).
    const candidates = ids.length
      ? (await Promise.all(ids.map((id) => findOwnOfType(ctx, type, id)))).filter((r) => r !== undefined)
      : await ownOfType(ctx, type);
    const keys = filter.length ? new Set(filter.map((t) => t.Key)) : undefined;
    const rows: Body[] = [];
    for (const r of candidates.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))) {
      const tags = r.data.Tags ?? [];
      if (!matchesTags(tags, filter)) continue;
      // With a Tag filter, the rows are those keys' (a key alone lists every value of it).
      for (const t of tags)
        if (!keys || keys.has(t.Key)) rows.push({ ResourceId: r.id, ResourceType: type, TagKey: t.Key, TagValue: t.Value });
    }
    const page = rows.slice(offset, offset + max);
    const end = offset + page.length;
    return { NextToken: end < rows.length ? String(end) : '', TagResources: { TagResource: page } };
  },
});

export const expressConnectTagActions: ActionDef[] = [tagResources, untagResources, listTagResources];
