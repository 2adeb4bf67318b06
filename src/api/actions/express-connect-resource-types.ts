// The ResourceType values of the Express Connect tag and resource-group actions, and what each names in
// vbrd: circuits (dedicated and hosted) and VBRs. ROUTERINTERFACE is documented too, but vbrd models no
// router interfaces, so no id of that type is ever found.
import { physicalConnectionArn, routerInterfaceArn, vbrArn } from '../../auth/policy/index.js';
import { lockKeys } from '../../domain/lock-keys.js';
import type { Tag } from '../../domain/tags.js';
import type { ResourceKind, ResourceRecord } from '../../store/record.js';
import type { LockKey } from '../../store/store.js';
import type { ReadContext } from '../action.js';
import { findOwn } from './own-resource.js';

export const RESOURCE_TYPES = ['PHYSICALCONNECTION', 'VIRTUALBORDERROUTER', 'ROUTERINTERFACE'] as const;
export type ResourceType = (typeof RESOURCE_TYPES)[number];

/** The documented values, in the documented (upper) case. */
export function isResourceType(s: string): s is ResourceType {
  return (RESOURCE_TYPES as readonly string[]).includes(s);
}

/** What every taggable resource's data carries. */
export interface Taggable {
  Tags: Tag[];
  ResourceGroupId: string;
}

const KIND: Record<ResourceType, ResourceKind | undefined> = {
  PHYSICALCONNECTION: 'PhysicalConnection',
  VIRTUALBORDERROUTER: 'VirtualBorderRouter',
  ROUTERINTERFACE: undefined,
};

/** The RAM resource of one resource of the type, or the type's wildcard. */
export function resourceTypeArn(ctx: ReadContext, type: ResourceType, id?: string): string {
  const region = ctx.region?.regionId ?? '*';
  const name = id || '*';
  switch (type) {
    case 'PHYSICALCONNECTION':
      return physicalConnectionArn(region, ctx.accountId, name);
    case 'VIRTUALBORDERROUTER':
      return vbrArn(region, ctx.accountId, name);
    case 'ROUTERINTERFACE':
      return routerInterfaceArn(region, ctx.accountId, name);
  }
}

/** The caller's own resource of the type (see own-resource.ts): a VBR built for another account is that account's. */
export function findOwnOfType(ctx: ReadContext, type: ResourceType, id: string): Promise<ResourceRecord<Taggable> | undefined> {
  const kind = KIND[type];
  return kind ? findOwn<Taggable>(ctx, kind, id) : Promise.resolve(undefined);
}

/** Every resource of the type the caller owns in the request's region, in creation order. */
export async function ownOfType(ctx: ReadContext, type: ResourceType): Promise<ResourceRecord<Taggable>[]> {
  const kind = KIND[type];
  if (!kind) return [];
  return (await ctx.db.list<Taggable>({ kind, accountId: ctx.accountId, regionId: ctx.region?.regionId })).items;
}

/** The key the resource's other writers take (lockOfRecord): a circuit's, or a VBR's. */
export function lockOfType(type: ResourceType, id: string): LockKey[] {
  switch (type) {
    case 'PHYSICALCONNECTION':
      return [lockKeys.circuit(id)];
    case 'VIRTUALBORDERROUTER':
      return [lockKeys.vbr(id)];
    case 'ROUTERINTERFACE':
      return [];
  }
}
