// examples/terraform/main.tf, the configuration docs/terraform.md walks through: it parses as HCL
// (HashiCorp's parser, @cdktf/hcl2json, shipped as WebAssembly), uses only resources, data sources,
// attributes and provider settings the replay suite models, and applies, plans clean, imports and
// comes down in the three steps the page gives.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { parse } from '@cdktf/hcl2json';
import { replayTest } from './gaps.js';
import { MODELLED_PROVIDER_SETTINGS, RpcClient } from './provider/rpc-client.js';
import { DATA_SOURCES, RESOURCES } from './provider/resources/index.js';
import { readDataSource, TerraformResource, type DataSourceDef, type ResourceDef } from './provider/terraform.js';
import { startReplay, type Replay } from './support.js';

// This file runs as dist/test/terraform/example.test.js.
const EXAMPLE = fileURLToPath(new URL('../../../examples/terraform/main.tf', import.meta.url));

type Block = Record<string, unknown>;
interface Config {
  provider: { alicloud: Block[] };
  variable?: Record<string, { default?: unknown }[]>;
  data?: Record<string, Record<string, Block[]>>;
  resource: Record<string, Record<string, Block[]>>;
}

async function example(): Promise<Config> {
  return (await parse('main.tf', readFileSync(EXAMPLE, 'utf8'))) as unknown as Config;
}

function blocks(kind: Record<string, Record<string, Block[]>> | undefined): { type: string; name: string; body: Block }[] {
  return Object.entries(kind ?? {}).flatMap(([type, byName]) => Object.entries(byName).map(([name, [body]]) => ({ type, name, body })));
}

/** The references of one value: "${data.t.n.attr[0]}", "${t.n.attr}", "${var.x}". */
function refsOf(v: unknown): string[] {
  if (typeof v === 'string') return [...v.matchAll(/\$\{([^}]+)\}/g)].map((m) => m[1]);
  if (Array.isArray(v)) return v.flatMap(refsOf);
  if (v !== null && typeof v === 'object') return Object.values(v).flatMap(refsOf);
  return [];
}

describe('examples/terraform/main.tf', () => {
  test('parses as HCL and uses only what the replay suite models', async () => {
    const config = await example();
    const provider = config.provider.alicloud[0];
    const settings = new Set<string>(MODELLED_PROVIDER_SETTINGS);
    for (const [k, v] of Object.entries(provider)) {
      assert.ok(settings.has(k), `provider setting ${k}`);
      if (k === 'endpoints') for (const e of Object.keys((v as Block[])[0])) assert.ok(settings.has(`${k}.${e}`), `endpoint ${e}`);
    }
    const check = (kind: string, defs: (ResourceDef | DataSourceDef)[], found: ReturnType<typeof blocks>) => {
      for (const { type, name, body } of found) {
        const def = defs.find((d) => d.type === type);
        assert.ok(def, `${kind} ${type}.${name}: a type the replay suite models`);
        for (const attr of Object.keys(body)) {
          const s = def.schema[attr];
          assert.ok(
            s && (s.optional || s.required) && !s.removed,
            `${type}.${name}: ${attr} is an argument the suite's model of ${def.file} takes`,
          );
        }
        for (const [attr, s] of Object.entries(def.schema)) if (s.required) assert.ok(attr in body, `${type}.${name}: required ${attr}`);
      }
    };
    const resources = blocks(config.resource);
    check('resource', RESOURCES, resources);
    check('data source', DATA_SOURCES, blocks(config.data));
    assert.deepEqual(
      resources.map((r) => r.type).sort(),
      [
        'alicloud_express_connect_physical_connection',
        'alicloud_express_connect_virtual_border_router',
        'alicloud_vpc_bgp_group',
        'alicloud_vpc_bgp_network',
        'alicloud_vpc_bgp_peer',
      ],
      'circuit → VBR → BGP group → peer → network',
    );
    assert.ok('tags' in resources.find((r) => r.type === 'alicloud_express_connect_virtual_border_router')!.body, 'the VBR has tags');
  });

  describe('applied to vbrd', () => {
    let r: Replay;
    before(async () => (r = await startReplay()));
    after(() => r.close());

    replayTest(
      'apply, an empty plan, import of each resource, then the three teardown steps of docs/terraform.md',
      { follows: 'every resource function the example reaches', needs: ['G-1', 'G-2', 'G-9'] },
      async () => {
        const config = await example();
        const p = config.provider.alicloud[0];
        // The provider block as written, but vbrd's port for this test.
        const client = new RpcClient({
          vpcEndpoint: r.vbrd.url(),
          accessKey: p.access_key as string,
          secretKey: p.secret_key as string,
          region: p.region as string,
          protocol: p.protocol as 'HTTP',
        });
        const vars: Record<string, unknown> = Object.fromEntries(Object.entries(config.variable ?? {}).map(([k, [v]]) => [k, v.default]));
        const data = new Map<string, Record<string, unknown>>();
        const applied = new Map<string, TerraformResource>();
        const resolve = (v: unknown): unknown => {
          if (Array.isArray(v)) return v.map(resolve);
          if (v !== null && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, resolve(x)]));
          if (typeof v !== 'string') return v;
          const whole = /^\$\{([^}]+)\}$/.exec(v);
          if (!whole) return v;
          const [head, ...path] = whole[1].split('.');
          if (head === 'var') return vars[path[0]];
          const source =
            head === 'data'
              ? data.get(`${path[0]}.${path[1]}`)
              : { id: applied.get(`${head}.${path[0]}`)!.id, ...applied.get(`${head}.${path[0]}`)!.state!.attrs };
          const rest = head === 'data' ? path.slice(2) : path.slice(1);
          let value: unknown = source;
          for (const step of rest.flatMap((s) => s.split(/\[(\d+)\]/).filter(Boolean)))
            value = /^\d+$/.test(step) ? (value as unknown[])[Number(step)] : (value as Record<string, unknown>)[step];
          return value;
        };
        const readData = async () => {
          for (const { type, name, body } of blocks(config.data)) {
            const def = DATA_SOURCES.find((d) => d.type === type)!;
            const read = await readDataSource(def, client, resolve(body) as Record<string, unknown>);
            data.set(`${type}.${name}`, { id: read.id, ...read.attrs });
          }
        };
        // Dependency order, as Terraform's graph walks it.
        const pending = blocks(config.resource);
        const order: typeof pending = [];
        while (pending.length > 0) {
          const i = pending.findIndex((b) =>
            refsOf(b.body).every(
              (ref) => ref.startsWith('var.') || ref.startsWith('data.') || order.some((o) => ref.startsWith(`${o.type}.${o.name}.`)),
            ),
          );
          assert.ok(i >= 0, 'the example has no reference cycle');
          order.push(...pending.splice(i, 1));
        }
        const apply = async (only?: string) => {
          for (const b of order) {
            const key = `${b.type}.${b.name}`;
            if (only && key !== only) continue;
            const res =
              applied.get(key) ??
              new TerraformResource(
                RESOURCES.find((d) => d.type === b.type)!,
                client,
              );
            await res.apply(resolve(b.body) as Record<string, unknown>);
            applied.set(key, res);
          }
        };

        await readData();
        await apply();
        assert.equal(applied.get('alicloud_express_connect_physical_connection.circuit')!.attr('status'), 'Enabled');
        assert.equal(applied.get('alicloud_vpc_bgp_peer.peer')!.attr('status'), 'Available');
        assert.deepEqual(applied.get('alicloud_express_connect_virtual_border_router.vbr')!.attr('tags'), { Created: 'TF', For: 'vbrd' });
        for (const res of applied.values()) assert.deepEqual(await res.plan(), [], `${res.def.type}: no changes`);
        await applied.get('alicloud_express_connect_physical_connection.circuit')!.importVerify(['period', 'pricing_cycle', 'order_id']);
        await applied.get('alicloud_express_connect_virtual_border_router.vbr')!.importVerify(['vbr_owner_id']);
        await applied.get('alicloud_vpc_bgp_group.group')!.importVerify(['clear_auth_key']);
        await applied.get('alicloud_vpc_bgp_peer.peer')!.importVerify([]);
        await applied.get('alicloud_vpc_bgp_network.network')!.importVerify([]);

        // 1. terraform destroy -target=…vbr: the VBR and what depends on it, dependents first.
        for (const b of [...order].reverse()) {
          if (b.type === 'alicloud_express_connect_physical_connection') continue;
          assert.equal(await applied.get(`${b.type}.${b.name}`)!.destroy(), 'deleted');
        }
        // 2. terraform apply -target=…circuit -var circuit_status=Terminated
        vars.circuit_status = 'Terminated';
        await apply('alicloud_express_connect_physical_connection.circuit');
        assert.equal(applied.get('alicloud_express_connect_physical_connection.circuit')!.attr('status'), 'Terminated');
        // 3. terraform destroy
        await readData();
        assert.equal(await applied.get('alicloud_express_connect_physical_connection.circuit')!.destroy(), 'deleted');
      },
    );
  });
});
