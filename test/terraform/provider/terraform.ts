// What Terraform core and the acceptance-test framework (helper/resource, SDK v1) do around a
// resource's CRUD functions: create or update on apply, a refresh and an empty plan after each step,
// import by id with ImportStateVerify, destroy, and a data source read.
import assert from 'node:assert/strict';
import type { RpcClient } from './rpc-client.js';
import { MINUTE, ProviderError } from './sdk.js';
import { convertConfig, diff, flatmap, ResourceData, type Attrs, type PlannedChange, type Schema } from './resource-data.js';

export interface Timeouts {
  create?: number;
  update?: number;
  delete?: number;
}

/** A resource as the provider defines it (schema.Resource), with the provider file and functions a test follows. */
export interface ResourceDef {
  type: string;
  /** e.g. "resource_alicloud_vpc_bgp_peer.go". */
  file: string;
  /** The Go functions, e.g. { create: 'resourceAliCloudExpressConnectBgpPeerCreate', … }. */
  functions: { create: string; read: string; update?: string; delete: string };
  schema: Schema;
  /** Declared timeouts (scaled); the SDK's default is 20 minutes. */
  timeouts?: Timeouts;
  create(d: ResourceData, c: RpcClient): Promise<void>;
  read(d: ResourceData, c: RpcClient): Promise<void>;
  update?(d: ResourceData, c: RpcClient): Promise<void>;
  delete(d: ResourceData, c: RpcClient): Promise<void>;
}

export interface DataSourceDef {
  type: string;
  file: string;
  functions: { read: string };
  schema: Schema;
  read(d: ResourceData, c: RpcClient): Promise<void>;
}

export const DEFAULT_TIMEOUT = 20 * MINUTE;

export function timeout(def: ResourceDef, op: keyof Timeouts): number {
  return def.timeouts?.[op] ?? DEFAULT_TIMEOUT;
}

export interface InstanceState {
  id: string;
  attrs: Attrs;
}

/** One resource block of a configuration, applied step after step as an acceptance test does. */
export class TerraformResource {
  state: InstanceState | undefined;
  /** The configuration last applied (converted). */
  private config: Attrs | undefined;

  constructor(
    readonly def: ResourceDef,
    readonly client: RpcClient,
  ) {}

  get id(): string {
    assert.ok(this.state, `${this.def.type} has no state`);
    return this.state.id;
  }

  attr(k: string): unknown {
    return this.state?.attrs[k];
  }

  /** terraform apply of this block: create, update in place, or replace; then, as the test framework does, refresh and require an empty plan. */
  async apply(rawConfig: Record<string, unknown>, opts: { expectEmptyPlan?: boolean } = {}): Promise<void> {
    const config = convertConfig(this.def.schema, rawConfig);
    if (this.state) await this.refresh();
    if (!this.state) {
      await this.create(config);
    } else {
      const changes = diff(this.def.schema, config, this.state.attrs);
      if (changes.some((c) => c.forceNew)) {
        await this.destroy({ refresh: false });
        await this.create(config);
      } else if (changes.length > 0) {
        await this.update(config);
      }
    }
    this.config = config;
    if (opts.expectEmptyPlan ?? true) {
      const after = await this.plan();
      assert.deepEqual(after, [], `${this.def.type}: after applying this step, the plan was not empty: ${JSON.stringify(after)}`);
    }
  }

  private async create(config: Attrs): Promise<void> {
    const d = new ResourceData({ schema: this.def.schema, config, isNew: true });
    try {
      await this.def.create(d, this.client);
    } finally {
      // A failed create that set an id is recorded as tainted; the suite keeps it to destroy.
      if (d.id() !== '') this.state = { id: d.id(), attrs: d.state() };
    }
  }

  private async update(config: Attrs): Promise<void> {
    assert.ok(this.def.update, `${this.def.type} has no update: every argument is ForceNew`);
    const d = new ResourceData({ schema: this.def.schema, id: this.state!.id, prior: this.state!.attrs, config });
    await this.def.update(d, this.client);
    this.state = d.id() === '' ? undefined : { id: d.id(), attrs: d.state() };
  }

  /** Refresh (Read with the prior state): 'gone' when the provider cleared the id. */
  async refresh(): Promise<'exists' | 'gone'> {
    assert.ok(this.state, 'nothing to refresh');
    const d = new ResourceData({ schema: this.def.schema, id: this.state.id, prior: this.state.attrs });
    await this.def.read(d, this.client);
    if (d.id() === '') {
      this.state = undefined;
      return 'gone';
    }
    this.state = { id: d.id(), attrs: d.state() };
    return 'exists';
  }

  /** terraform plan against the last applied configuration, after a refresh. */
  async plan(): Promise<PlannedChange[]> {
    assert.ok(this.config, 'nothing applied yet');
    if (!this.state) return [{ attr: 'id', from: undefined, to: '(create)', forceNew: true }];
    if ((await this.refresh()) === 'gone') return [{ attr: 'id', from: undefined, to: '(create)', forceNew: true }];
    return diff(this.def.schema, this.config, this.state.attrs);
  }

  /** terraform import <id>: a Read with the id alone; returns the imported state. */
  async import(id = this.id): Promise<InstanceState> {
    const d = new ResourceData({ schema: this.def.schema, id });
    await this.def.read(d, this.client);
    if (d.id() === '') throw new ProviderError(`Cannot import non-existent remote object ${id}`);
    return { id: d.id(), attrs: d.state() };
  }

  /** An import step with ImportStateVerify: the imported attributes must equal the state's, less the ignored prefixes. */
  async importVerify(ignore: string[] = []): Promise<void> {
    assert.ok(this.state, 'nothing to import');
    const imported = await this.import();
    const keep = (m: Record<string, string>) =>
      Object.fromEntries(
        Object.entries(m).filter(
          ([k, v]) =>
            !((k.endsWith('.#') || k.endsWith('.%')) && v === '0') && !ignore.some((p) => k.startsWith(p)) && !k.startsWith('timeouts'),
        ),
      );
    assert.equal(imported.id, this.state.id);
    assert.deepEqual(
      keep(flatmap(imported.attrs)),
      keep(flatmap(this.state.attrs)),
      `${this.def.type}: ImportStateVerify attributes not equivalent (actual, expected)`,
    );
  }

  /** terraform destroy of this block: a refresh first (a resource already gone leaves state without a Delete call), unless refresh is off. */
  async destroy(opts: { refresh?: boolean } = {}): Promise<'deleted' | 'already gone'> {
    assert.ok(this.state, 'nothing to destroy');
    if ((opts.refresh ?? true) && (await this.refresh()) === 'gone') return 'already gone';
    const d = new ResourceData({ schema: this.def.schema, id: this.state!.id, prior: this.state!.attrs });
    await this.def.delete(d, this.client);
    this.state = undefined;
    return 'deleted';
  }
}

/** A data source block read once (terraform plan/apply reads data sources before resources). */
export async function readDataSource(
  def: DataSourceDef,
  client: RpcClient,
  rawConfig: Record<string, unknown>,
): Promise<{ id: string; attrs: Attrs }> {
  const config = convertConfig(def.schema, rawConfig);
  const d = new ResourceData({ schema: def.schema, config, isNew: true });
  await def.read(d, client);
  return { id: d.id(), attrs: d.state() };
}
