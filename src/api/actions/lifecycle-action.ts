// The shape the lifecycle actions of one kind of resource share (confirm, enable, terminate, delete…):
// the region, the resource's id and a client token as parameters, one RAM resource, one set of locks.
import type { LockKey } from '../../store/store.js';
import { writeAction, type ActionDef, type Body, type ReadContext, type WriteContext } from '../action.js';
import type { ParamSpecs } from '../params.js';

export interface LifecycleShape<I extends string> {
  /** The parameter that names the resource. */
  idParam: I;
  regionNotFoundMessage?: string;
  resource(ctx: ReadContext, id: string): string;
  locks(ctx: ReadContext, id: string): LockKey[] | Promise<LockKey[]>;
}

export type LifecycleParams<I extends string> = { RegionId: string; ClientToken?: string } & Record<I, string>;

export type LifecycleRun<I extends string> = (ctx: WriteContext, p: LifecycleParams<I>) => Promise<Body>;

/** Makes the lifecycle actions of one shape. `ignoredParams` are accepted on the wire (the SDK sends them) but change nothing. */
export function lifecycleActions<I extends string>(shape: LifecycleShape<I>) {
  return (name: string, run: LifecycleRun<I>, ignoredParams: ParamSpecs = {}): ActionDef => {
    const params: ParamSpecs = {
      RegionId: { type: 'string', required: true },
      [shape.idParam]: { type: 'string', required: true },
      ClientToken: { type: 'string' },
      ...ignoredParams,
    };
    // The spec is built from idParam, so TypeScript cannot infer the parsed parameters' type from it.
    const typed = (p: unknown) => p as LifecycleParams<I>;
    return writeAction({
      name,
      product: 'vpc',
      regionNotFoundMessage: shape.regionNotFoundMessage,
      params,
      resource: (ctx, p) => shape.resource(ctx, typed(p)[shape.idParam]),
      locks: (ctx, p) => shape.locks(ctx, typed(p)[shape.idParam]),
      run: (ctx, p) => run(ctx, typed(p)),
    });
  };
}
