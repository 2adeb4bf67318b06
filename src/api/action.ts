// One declarative definition per action: parameters, RAM resource, locks, handler.
import type { AuthKeyBox } from '../auth/auth-key-box.js';
import type { Principal } from '../auth/principal.js';
import type { ServerConfig } from '../config/server-config.js';
import type { Seed, SeedRegion } from '../config/seed.js';
import type { LockKey, Store, StoreReader, StoreTx } from '../store/store.js';
import type { Changes } from './change-notes.js';
import type { Params, ParamSpecs } from './params.js';

export type Product = 'vpc' | 'ram';

/** What a handler may ask of the rest of vbrd. */
export interface Services {
  config: ServerConfig;
  seed: Seed;
  store: Store;
  /** Seals and opens BGP AuthKeys, which the store holds only sealed. */
  authKeys: AuthKeyBox;
  /** Tell the control loops what a committed mutation changed (the pipeline calls it; actions never need to). */
  notify(changes: Changes): void;
  /**
   * Whether the session state the store holds was read from the data plane by the node driving it, since it
   * took over; until then DescribeBgpPeers shows no session rather than what an earlier run read.
   */
  sessionsVerified(): Promise<boolean>;
}

export interface ReadContext {
  requestId: string;
  principal: Principal;
  accountId: string;
  sourceIp: string;
  secure: boolean;
  now: number;
  /** The served region named by RegionId (absent for actions without one). */
  region?: SeedRegion;
  services: Services;
  db: StoreReader;
}

export interface WriteContext extends ReadContext {
  db: StoreTx;
}

export type Body = Record<string, unknown>;

interface Common<S extends ParamSpecs> {
  name: string;
  product: Product;
  params: S;
  /** The RAM action authorized, when not `product:name` (vbrd's extensions are authorized as the action they extend). */
  ramAction?: string;
  /** InvalidRegionId.NotFound message differs between actions. */
  regionNotFoundMessage?: string;
  /**
   * RAM authorization resource (ARN); `*` where the action has no resource-level authorization. An action
   * that names several resources (the tag actions) gives each: the call needs every one allowed.
   */
  resource(ctx: ReadContext, p: Params<S>): Promise<string | string[]> | string | string[];
}

export interface ReadAction<S extends ParamSpecs> extends Common<S> {
  mutating: false;
  run(ctx: ReadContext, p: Params<S>): Promise<Body>;
}

export interface WriteAction<S extends ParamSpecs> extends Common<S> {
  mutating: true;
  /** Keys whose transactions must not interleave with this one (see Store.transaction). */
  locks(ctx: ReadContext, p: Params<S>): Promise<LockKey[]> | LockKey[];
  run(ctx: WriteContext, p: Params<S>): Promise<Body>;
}

export type ActionDef<S extends ParamSpecs = ParamSpecs> = ReadAction<S> | WriteAction<S>;

/** Identity helpers that let TypeScript infer each action's parameter types from its spec. */
export function readAction<S extends ParamSpecs>(def: Omit<ReadAction<S>, 'mutating'>): ActionDef {
  return { ...def, mutating: false } as unknown as ActionDef;
}
export function writeAction<S extends ParamSpecs>(def: Omit<WriteAction<S>, 'mutating'>): ActionDef {
  return { ...def, mutating: true } as unknown as ActionDef;
}
