// Two vbrd processes on one PostgreSQL schema, driven at once through the official SDK: what one
// node decided binds the other (ClientToken results, per-VBR quotas, used signature nonces).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { randomUUID } from 'node:crypto';
import { DEV_ROOT } from '../../src/config/server-config.js';
import { percentEncode } from '../../src/protocol/percent-encode.js';
import { v1Sign, v1StringToSign } from '../../src/protocol/signature-v1.js';
import { sha256Hex, v3CanonicalRequest, v3Sign, V3_ALGORITHM } from '../../src/protocol/signature-v3.js';
import { reportUnavailable, SchemaPool, unavailableReason } from '../support/postgres.js';
import { availableGroup } from '../support/fixtures.js';
import { $Vpc, errorCode } from '../support/harness.js';
import { killAll, startNode, writeSeed, type Node } from './nodes.js';
import { activeVbrs } from './topology.js';

const R = 'cn-hangzhou';
/** Not the default (8), so the test shows both nodes enforce the seed's value. */
const PEER_QUOTA = 7;

const reason = await unavailableReason();
if (reason !== null) {
  reportUnavailable('multinode shared state', reason);
} else {
  const schemas = new SchemaPool();
  let a: Node;
  let b: Node;
  let vbrs: string[];

  before(async () => {
    const { url } = schemas.next();
    const seedFile = writeSeed({ bgpPeersPerVbr: PEER_QUOTA });
    // Started together: they also race to create the schema and migrate it.
    [a, b] = await Promise.all([
      startNode({ name: 'nodeA', databaseUrl: url, seedFile }),
      startNode({ name: 'nodeB', databaseUrl: url, seedFile }),
    ]);
    vbrs = (await activeVbrs(a.vpc, 2)).vbrIds;
  });
  after(async () => {
    await killAll();
    await schemas.dropAll();
  });

  test('one ClientToken sent to both nodes at once creates one resource, and every caller gets its ID', async () => {
    const tokens = Array.from({ length: 6 }, () => randomUUID());
    // Four callers per token, two on each node, all in flight together.
    const ids = await Promise.all(
      tokens.map((t) =>
        Promise.all(
          [a, b, a, b].map(
            async (n) =>
              (
                await n.vpc.createBgpGroup(
                  new $Vpc.CreateBgpGroupRequest({ regionId: R, routerId: vbrs[1], peerAsn: 65010, clientToken: t }),
                )
              ).body!.bgpGroupId!,
          ),
        ),
      ),
    );
    for (const perToken of ids) assert.equal(new Set(perToken).size, 1, `one ID per token, got ${perToken.join(', ')}`);
    for (const n of [a, b]) {
      const listed = (await n.vpc.describeBgpGroups(new $Vpc.DescribeBgpGroupsRequest({ regionId: R, routerId: vbrs[1], pageSize: 50 })))
        .body!;
      assert.deepEqual(
        listed.bgpGroups!.bgpGroup!.map((g) => g.bgpGroupId).sort(),
        ids.map((x) => x[0]).sort(),
        `${n.name} lists exactly one group per token`,
      );
    }

    // The same for a VBR, whose create locks its circuit instead.
    const circuitId = (await a.vpc.describeVirtualBorderRouters(new $Vpc.DescribeVirtualBorderRoutersRequest({ regionId: R }))).body!
      .virtualBorderRouterSet!.virtualBorderRouterType![0].physicalConnectionId!;
    const token = randomUUID();
    const vbrIds = await Promise.all(
      [a, b, a, b].map(
        async (n) =>
          (
            await n.vpc.createVirtualBorderRouter(
              new $Vpc.CreateVirtualBorderRouterRequest({
                regionId: R,
                physicalConnectionId: circuitId,
                vlanId: 300,
                localGatewayIp: '10.3.0.1',
                peerGatewayIp: '10.3.0.2',
                peeringSubnetMask: '255.255.255.252',
                clientToken: token,
              }),
            )
          ).body!.vbrId!,
      ),
    );
    assert.equal(new Set(vbrIds).size, 1, `one VBR for the token, got ${vbrIds.join(', ')}`);
    const onVlan = (
      await b.vpc.describeVirtualBorderRouters(new $Vpc.DescribeVirtualBorderRoutersRequest({ regionId: R, pageSize: 50 }))
    ).body!.virtualBorderRouterSet!.virtualBorderRouterType!.filter((v) => v.vlanId === 300);
    assert.deepEqual(
      onVlan.map((v) => v.vbrId),
      [vbrIds[0]],
    );
  });

  test(`20 CreateBgpPeer at once on one VBR over both nodes leave exactly the quota (${PEER_QUOTA}); the rest get QuotaExceeded.Bgp`, async () => {
    const group = await availableGroup(b.vpc, vbrs[0]);
    const outcomes = await Promise.all(
      Array.from({ length: 20 }, async (_, i) => {
        const n = i % 2 ? b : a;
        const call = n.vpc.createBgpPeer(
          new $Vpc.CreateBgpPeerRequest({ regionId: R, bgpGroupId: group, peerIpAddress: `198.51.100.${10 + i}` }),
        );
        try {
          return { node: n.name, id: (await call).body!.bgpPeerId! };
        } catch {
          return { node: n.name, code: (await errorCode(call)).code };
        }
      }),
    );
    const created = outcomes.filter((o) => o.id).map((o) => o.id!);
    const refused = outcomes.filter((o) => !o.id);
    assert.equal(created.length, PEER_QUOTA, JSON.stringify(outcomes));
    assert.deepEqual([...new Set(refused.map((o) => o.code))], ['QuotaExceeded.Bgp']);
    for (const n of [a, b]) {
      const peers = (await n.vpc.describeBgpPeers(new $Vpc.DescribeBgpPeersRequest({ regionId: R, routerId: vbrs[0], pageSize: 50 })))
        .body!;
      assert.equal(peers.totalCount, PEER_QUOTA, `${n.name} counts the quota`);
      assert.deepEqual(peers.bgpPeers!.bgpPeer!.map((p) => p.bgpPeerId).sort(), [...created].sort());
    }
  });

  /** A V1 (HMAC-SHA1) GET, signed here with the given nonce. */
  const v1Get = (nonce: string): string => {
    const params = new Map([
      ['Action', 'DescribeBgpGroups'],
      ['Version', '2016-04-28'],
      ['Format', 'JSON'],
      ['RegionId', R],
      ['AccessKeyId', DEV_ROOT.accessKeyId],
      ['SignatureMethod', 'HMAC-SHA1'],
      ['SignatureVersion', '1.0'],
      ['SignatureNonce', nonce],
      ['Timestamp', new Date().toISOString().replace(/\.\d{3}Z$/, 'Z')],
    ]);
    params.set('Signature', v1Sign(DEV_ROOT.accessKeySecret, v1StringToSign('GET', params)));
    return '/?' + [...params].map(([k, v]) => `${percentEncode(k)}=${percentEncode(v)}`).join('&');
  };

  /** A V3 (ACS3-HMAC-SHA256) POST signed for one virtual host name, as behind a load balancer in front of both nodes. */
  const v3Post = (nonce: string): { path: string; headers: Record<string, string> } => {
    const query: [string, string][] = [['RegionId', R]];
    const empty = sha256Hex('');
    const headers: Record<string, string> = {
      host: 'vbrd.internal:80',
      'x-acs-action': 'DescribeBgpGroups',
      'x-acs-version': '2016-04-28',
      'x-acs-date': new Date().toISOString().replace(/\.\d{3}Z$/, 'Z'),
      'x-acs-signature-nonce': nonce,
      'x-acs-content-sha256': empty,
    };
    const signed = Object.keys(headers).sort();
    const sig = v3Sign(
      DEV_ROOT.accessKeySecret,
      v3CanonicalRequest('POST', query, (h) => headers[h] ?? '', signed, empty),
    );
    headers.authorization = `${V3_ALGORITHM} Credential=${DEV_ROOT.accessKeyId},SignedHeaders=${signed.join(';')},Signature=${sig}`;
    return { path: `/?RegionId=${R}`, headers };
  };

  const send = (
    n: Node,
    method: string,
    path: string,
    headers: Record<string, string> = {},
  ): Promise<{ status: number; body: Record<string, unknown> }> =>
    new Promise((resolve, reject) => {
      const req = http.request({ host: '127.0.0.1', port: n.port, method, path, headers: { ...headers, 'content-length': '0' } }, (res) => {
        let text = '';
        res.on('data', (c: Buffer) => {
          text += c.toString();
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) as Record<string, unknown> }));
      });
      req.on('error', reject);
      req.end();
    });

  test('a signature nonce used on one node is refused on the other (SignatureNonceUsed), V1 and V3', async () => {
    const v1 = v1Get(randomUUID());
    const first = await send(a, 'GET', v1);
    assert.equal(first.status, 200, JSON.stringify(first.body));
    assert.ok(Array.isArray((first.body.BgpGroups as { BgpGroup: unknown[] }).BgpGroup));
    const replay = await send(b, 'GET', v1);
    assert.equal(replay.status, 400);
    assert.equal(replay.body.Code, 'SignatureNonceUsed');
    assert.equal(typeof replay.body.RequestId, 'string');

    const v3 = v3Post(randomUUID());
    assert.equal((await send(b, 'POST', v3.path, v3.headers)).status, 200, 'V3 first on node B');
    const v3Replay = await send(a, 'POST', v3.path, v3.headers);
    assert.deepEqual([v3Replay.status, v3Replay.body.Code], [400, 'SignatureNonceUsed']);
  });

  test('one signed request sent to both nodes at the same moment succeeds exactly once', async () => {
    const results = await Promise.all(
      Array.from({ length: 12 }, async () => {
        const r = v3Post(randomUUID());
        const [x, y] = await Promise.all([send(a, 'POST', r.path, r.headers), send(b, 'POST', r.path, r.headers)]);
        return [x, y];
      }),
    );
    for (const pair of results) {
      assert.deepEqual(pair.map((r) => r.status).sort(), [200, 400]);
      assert.equal(pair.find((r) => r.status === 400)!.body.Code, 'SignatureNonceUsed');
    }
  });
}
