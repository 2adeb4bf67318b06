// Pieces every resource model shares: validations the schemas use, the provider's "read or drop
// from state" step, and the state-refresh functions of the two families (alicloud service files).
import { goSprint, jsonpathGet, notFoundError, ProviderError, type RefreshFunc } from '../sdk.js';
import type { ResourceData, Value } from '../resource-data.js';

export type JsonObject = Record<string, unknown>;

/** validation.StringInSlice / IntInSlice / IntBetween as schema ValidateFuncs. */
export const oneOf =
  (...allowed: (string | number)[]) =>
  (v: Value) =>
    allowed.includes(v as string | number) ? undefined : `to be one of [${allowed.join(' ')}]`;
export const between = (lo: number, hi: number) => (v: Value) =>
  typeof v === 'number' && v >= lo && v <= hi ? undefined : `to be in the range (${lo} - ${hi})`;

/**
 * The start of most Read functions: describe, and on "not found" drop the resource from state (only
 * when it is not being created, unless `always`); any other error fails the operation.
 */
export async function describeOrGone(
  d: ResourceData,
  describe: () => Promise<JsonObject>,
  opts: { always?: boolean } = {},
): Promise<JsonObject | undefined> {
  try {
    return await describe();
  } catch (e) {
    if ((opts.always || !d.isNewResource()) && notFoundError(e)) {
      d.setId('');
      return undefined;
    }
    throw e;
  }
}

/**
 * VpcService.*StateRefreshFunc and the ExpressConnectServiceV2 ones without "WithApi": not found is a
 * nil result (untyped nil), a fail state is an error, otherwise the state is fmt.Sprint of the field.
 */
export function refreshNilOnNotFound(describe: () => Promise<JsonObject>, field: string, failStates: string[] = []): RefreshFunc {
  return async () => {
    let object: JsonObject;
    try {
      object = await describe();
    } catch (e) {
      if (notFoundError(e)) return { result: 'nil' };
      throw e;
    }
    const state = fieldState(object, field);
    if (failStates.includes(state)) throw new ProviderError(`Failed to reach target status. Current status is ${state}.`);
    return { result: 'object', state };
  };
}

/**
 * The "WithApi" refresh functions (VBR, BGP group): not found returns the nil map as a non-nil
 * interface with state "", so a Target of [""] ends a delete wait.
 */
export function refreshEmptyOnNotFound(describe: () => Promise<JsonObject>, field: string): RefreshFunc {
  return async () => {
    let object: JsonObject;
    try {
      object = await describe();
    } catch (e) {
      if (notFoundError(e)) return { result: 'object', state: '' };
      throw e;
    }
    return { result: 'object', state: fieldState(object, field) };
  };
}

function fieldState(object: JsonObject, field: string): string {
  let v: unknown;
  try {
    v = jsonpathGet(field.startsWith('$') ? field : `$.${field}`, object);
  } catch {
    v = undefined;
  }
  return goSprint(v);
}
