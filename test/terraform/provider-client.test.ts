// The replay client itself: that it sends what the provider's Go stack sends (flattening, query and
// form placement, V1 signature, user agent, ClientTokens), retries as the tea SDK and the provider's
// helpers do, maps errors the same way, and decodes state as strictly as the plugin SDK.
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { after, before, beforeEach, describe, test } from 'node:test';
import { v1StringToSign } from '../../src/protocol/signature-v1.js';
import { flatten, stringToSignV1 } from './provider/go-wire.js';
import { decodeForSet, ResourceData } from './provider/resource-data.js';
import { SdkError } from './provider/rpc-client.js';
import {
  buildClientToken,
  callWithRetry,
  incrementalWait,
  isExpectedErrors,
  needRetry,
  notFoundError,
  ProviderError,
  waitForState,
  type RefreshResult,
} from './provider/sdk.js';
import { describeBgpPeer } from './provider/resources/bgp.js';
import { physicalConnection } from './provider/resources/physical-connection.js';
import { TerraformResource } from './provider/terraform.js';
import { ACCESS_POINT, isProviderToken, REGION, startReplay, type Replay } from './support.js';

const sdkError = (code: string, status: number, message: string) =>
  new SdkError(code, status, `code: ${status}, ${message} request id: X`, JSON.stringify({ Code: code, Message: message, RequestId: 'X' }));

describe('what goes on the wire', () => {
  test('maps and lists flatten as tea-rpc-utils Query does: Key.N, Key.N.Sub, empty strings kept, nil dropped', () => {
    const flat = flatten({
      Filter: [{ Key: 'VbrId', Value: ['vbr-1', 'vbr-2'] }],
      'Tag.1.Key': 'Created',
      Name: '',
      Skipped: null,
      EnableIpv6: true,
      VlanId: 110,
    });
    assert.deepEqual(Object.fromEntries(flat), {
      'Filter.1.Key': 'VbrId',
      'Filter.1.Value.1': 'vbr-1',
      'Filter.1.Value.2': 'vbr-2',
      'Tag.1.Key': 'Created',
      Name: '',
      EnableIpv6: 'true',
      VlanId: '110',
    });
  });

  test('the V1 string to sign is the one vbrd verifies, also for values that need escaping', () => {
    const params = new Map([
      ['Action', 'ModifyVirtualBorderRouterAttribute'],
      ['Description', 'a b*c~d+e&f=g/h'],
      ['Name', '杭州-余杭-B'],
      ['Empty', ''],
      ['Filter.1.Value.1', 'vbr-x'],
    ]);
    assert.equal(stringToSignV1('POST', params), v1StringToSign('POST', params));
  });

  test("the V1 signature of Alibaba's documented example", () => {
    const params = new Map([
      ['AccessKeyId', 'testid'],
      ['Action', 'DescribeRegions'],
      ['Format', 'XML'],
      ['SignatureMethod', 'HMAC-SHA1'],
      ['SignatureNonce', '3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf'],
      ['SignatureVersion', '1.0'],
      ['Timestamp', '2016-02-23T12:46:24Z'],
      ['Version', '2014-05-26'],
    ]);
    const toSign = stringToSignV1('GET', params);
    assert.equal(
      toSign,
      'GET&%2F&AccessKeyId%3Dtestid%26Action%3DDescribeRegions%26Format%3DXML%26SignatureMethod%3DHMAC-SHA1%26SignatureNonce%3D3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf%26SignatureVersion%3D1.0%26Timestamp%3D2016-02-23T12%253A46%253A24Z%26Version%3D2014-05-26',
    );
    assert.equal(createHmac('sha1', 'testsecret&').update(toSign).digest('base64'), 'OLeaidS1JvxuMvnyHOwuJ+uX5qY=');
  });

  test('ClientTokens: TF-<Action>-<unix seconds>-<uuid> cut to 64 characters', () => {
    const now = Date.UTC(2026, 0, 1);
    assert.equal(buildClientToken('CreateBgpPeer', now).length, 64); // exactly 64: the whole UUID survives
    assert.equal(buildClientToken('CreateVbrHa', now).length, 62);
    assert.match(
      buildClientToken('AssociatePhysicalConnectionToVirtualBorderRouter', now),
      /^TF-AssociatePhysicalConnectionToVirtualBorderRouter-1767225600-[0-9a-f]$/,
    );
    // One token per 100-second window, the same for every call in it: no UUID left at all.
    assert.equal(
      buildClientToken('UnassociatePhysicalConnectionFromVirtualBorderRouter', now),
      'TF-UnassociatePhysicalConnectionFromVirtualBorderRouter-17672256',
    );
    assert.ok(isProviderToken(buildClientToken('ModifyVirtualBorderRouterAttribute'), 'ModifyVirtualBorderRouterAttribute'));
  });
});

describe('talking to vbrd', () => {
  let r: Replay;
  before(async () => (r = await startReplay()));
  after(() => r.close());
  beforeEach(() => (r.provider.sent.length = 0));

  test("system and signing parameters in the query, the action's in the form body; headers and user agent as tea-rpc sends them", async () => {
    await r.provider.rpcPost('DescribeAccessPoints', null, { RegionId: REGION, PageSize: 50, PageNumber: 1 }, true);
    const [req] = r.provider.sent;
    assert.deepEqual([...req.query.keys()].sort(), [
      'AccessKeyId',
      'Action',
      'Format',
      'Signature',
      'SignatureMethod',
      'SignatureNonce',
      'SignatureVersion',
      'Timestamp',
      'Version',
    ]);
    assert.equal(req.query.get('Format'), 'json');
    assert.match(req.query.get('SignatureNonce')!, /^[0-9a-f]{32}$/);
    assert.match(req.query.get('Timestamp')!, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    assert.equal(req.rawBody, 'PageNumber=1&PageSize=50&RegionId=cn-hangzhou');
    assert.equal(req.headers['content-type'], 'application/x-www-form-urlencoded');
    assert.equal(req.headers['x-acs-action'], 'DescribeAccessPoints');
    assert.equal(req.headers['x-acs-version'], '2016-04-28');
    assert.match(
      req.headers['user-agent'],
      /^AlibabaCloud \(linux; amd64\) Golang\/[\d.]+ Core\/0\.01 TeaDSL\/1 HashiCorp-Terraform\/[\d.]+ Terraform-Provider\/1\.289\.0 Terraform-Module\/Default\/[0-9a-f-]{36} TerraformTraceId\/[0-9a-f-]{36}$/,
    );
    assert.ok(req.url.startsWith(`http://${r.vbrd.url()}/?AccessKeyId=`));
  });

  test('DescribeBgpPeers from the resource: BgpPeerId and RegionId in the query, an empty form body', async () => {
    await assert.rejects(describeBgpPeer(r.provider, 'bgp-none'), /ResourceNotfound/);
    const [req] = r.provider.sent;
    assert.equal(req.query.get('BgpPeerId'), 'bgp-none');
    assert.equal(req.query.get('RegionId'), REGION);
    assert.equal(req.rawBody, '');
  });

  test('an API error becomes a tea SDKError: Code, StatusCode, "code: <status>, <Message> request id: <id>", the body as Data', async () => {
    const err = await r.provider.rpcPost('DeleteVirtualBorderRouter', null, { RegionId: REGION, VbrId: 'vbr-none' }, true).then(
      () => assert.fail('expected an error'),
      (e: unknown) => e as SdkError,
    );
    assert.ok(err instanceof SdkError);
    assert.equal(err.code, 'InvalidVbrId.NotFound');
    assert.equal(err.statusCode, 404);
    assert.match(
      err.sdkMessage,
      /^code: 404, The specified VirutalBorderRouter does not exist in our records\. request id: [0-9A-F-]{36}$/,
    );
    assert.equal(JSON.parse(err.data).Code, 'InvalidVbrId.NotFound');
    assert.equal(notFoundError(err), true);
    assert.equal(needRetry(err), false);
  });

  test('the SDK retries a 5xx answer itself, at once, with a new nonce: four tries at most; never when autoRetry is off', async () => {
    const unavailable = {
      status: 503,
      body: {
        RequestId: 'injected',
        Code: 'ServiceUnavailable',
        Message: 'The request has failed due to a temporary failure of the server.',
      },
    };
    r.provider.inject('DescribeAccessPoints', unavailable, unavailable);
    await r.provider.rpcPost('DescribeAccessPoints', null, { RegionId: REGION }, true);
    const tries = r.provider.requestsFor('DescribeAccessPoints');
    assert.deepEqual(
      tries.map((t) => t.status),
      [503, 503, 200],
    );
    assert.equal(new Set(tries.map((t) => t.query.get('SignatureNonce'))).size, 3);

    r.provider.sent.length = 0;
    r.provider.inject('DescribeAccessPoints', unavailable, unavailable, unavailable, unavailable);
    await assert.rejects(
      r.provider.rpcPost('DescribeAccessPoints', null, { RegionId: REGION }, true),
      (e: unknown) => e instanceof SdkError && e.statusCode === 503,
    );
    assert.equal(r.provider.sent.length, 4);

    r.provider.sent.length = 0;
    r.provider.inject('CreateVirtualPhysicalConnection', unavailable);
    await assert.rejects(r.provider.rpcPost('CreateVirtualPhysicalConnection', null, { RegionId: REGION }, false));
    assert.equal(r.provider.sent.length, 1);
  });

  test('throttling is retried by the provider (NeedRetry) with the same ClientToken; the create then succeeds once', async () => {
    r.provider.inject('CreatePhysicalConnection', {
      status: 400,
      body: { RequestId: 'injected', Code: 'Throttling.User', Message: 'Request was denied due to user flow control.' },
    });
    const res = new TerraformResource(physicalConnection, r.provider);
    await res.apply({ access_point_id: ACCESS_POINT, line_operator: 'CT', port_type: '1000Base-T' });
    const creates = r.provider.requestsFor('CreatePhysicalConnection');
    assert.deepEqual(
      creates.map((c) => c.status),
      [400, 200],
    );
    assert.equal(creates[0].body!.get('ClientToken'), creates[1].body!.get('ClientToken'));
    await res.destroy();
  });

  test('a 200 body with a Code that is not a success and a Message is an error (formatError)', async () => {
    r.provider.inject('DescribeAccessPoints', { status: 200, body: { RequestId: 'x', Code: 'Forbidden', Message: 'no' } });
    await assert.rejects(
      r.provider.rpcPost('DescribeAccessPoints', null, { RegionId: REGION }, true),
      (e: unknown) => e instanceof SdkError && e.code === 'Forbidden' && e.statusCode === 200,
    );
    r.provider.inject('DescribeAccessPoints', {
      status: 200,
      body: { RequestId: 'x', Success: 'true', Code: 'Whatever', Message: 'fine' },
    });
    await r.provider.rpcPost('DescribeAccessPoints', null, { RegionId: REGION }, true);
  });
});

describe("the provider's error helpers", () => {
  test('NeedRetry: throttling codes, any 5xx, Client.Timeout, network failures on https only', () => {
    assert.equal(needRetry(sdkError('Throttling.User', 400, 'x')), true);
    assert.equal(needRetry(sdkError('Rejected.Throttling', 400, 'x')), true);
    assert.equal(needRetry(sdkError('InternalError', 500, 'x')), true);
    assert.equal(needRetry(sdkError('Whatever', 500, '您已开通过')), false);
    assert.equal(needRetry(sdkError('TaskConflict', 400, 'x')), false);
    assert.equal(needRetry(new Error('Post "https://vpc.aliyuncs.com/?…": dial tcp: connection refused')), true);
    assert.equal(needRetry(new Error('Post "http://127.0.0.1:8080/?…": dial tcp: connection refused')), false);
  });

  test('NotFoundError looks at the status and the message, never the code', () => {
    assert.equal(notFoundError(sdkError('Anything', 404, 'gone')), true);
    assert.equal(notFoundError(sdkError('InvalidParams.NotFound', 400, 'instance not found')), false);
    assert.equal(notFoundError(sdkError('X', 400, 'The resource is NotFound.')), true);
  });

  test('IsExpectedErrors: equal code, a code that is a prefix of a listed one (so an empty code matches all), or the code anywhere in the body', () => {
    assert.equal(isExpectedErrors(sdkError('TaskConflict', 400, 'x'), ['TaskConflict']), true);
    assert.equal(isExpectedErrors(sdkError('', 400, 'x'), ['DependencyViolation.BgpGroup']), true);
    assert.equal(isExpectedErrors(sdkError('Other', 400, 'see DependencyViolation.BgpPeer'), ['DependencyViolation.BgpPeer']), true);
    assert.equal(isExpectedErrors(sdkError('Other', 400, 'x'), ['OperationConflict']), false);
  });

  test('resource.Retry around RpcPost: retryable errors wait (incrementalWait) and try again; others end at once', async () => {
    let calls = 0;
    const got = await callWithRetry(1000, incrementalWait(1, 1), async () => {
      if (++calls < 3) throw sdkError('Throttling', 400, 'x');
      return 'done';
    });
    assert.equal(got, 'done');
    assert.equal(calls, 3);
    calls = 0;
    await assert.rejects(
      callWithRetry(1000, incrementalWait(1, 1), async () => {
        calls++;
        throw sdkError('Forbidden', 403, 'x');
      }),
    );
    assert.equal(calls, 1);
  });
});

describe("the SDK's state machinery", () => {
  const scripted = (states: RefreshResult[]) => {
    let i = 0;
    return async () => states[Math.min(i++, states.length - 1)];
  };

  test('WaitForState: any state outside Target keeps polling when Pending is empty', async () => {
    const r = await waitForState({
      pending: [],
      target: ['Available'],
      timeoutMs: 1000,
      delayMs: 1,
      minTimeoutMs: 1,
      refresh: scripted([
        { result: 'object', state: 'Pending' },
        { result: 'object', state: 'Weird' },
        { result: 'object', state: 'Available' },
      ]),
    });
    assert.deepEqual(r, { result: 'object', state: 'Available' });
  });

  test('WaitForState: Delay before the first refresh, then MinTimeout, doubling, at most 10 s (scaled), as the SDK polls', async () => {
    const at: number[] = [];
    const start = Date.now();
    await waitForState({
      pending: [],
      target: ['Available'],
      timeoutMs: 5000,
      delayMs: 40,
      minTimeoutMs: 30,
      refresh: async () => {
        at.push(Date.now() - start);
        return { result: 'object', state: at.length < 5 ? 'Pending' : 'Available' };
      },
    });
    assert.ok(at[0] >= 40, `first refresh after Delay (${at[0]} ms)`);
    const gaps = at.slice(1).map((t, i) => t - at[i]);
    // 100 ms × 2 (scaled) is below MinTimeout, so MinTimeout; then it doubles, up to the 10 s cap (100 ms scaled).
    // Lower bounds only: a busy machine makes timers late, never early; Date.now() differences may read
    // 1 ms short of a timer's delay (whole milliseconds on both ends), so each bound allows that.
    const atLeast = (gap: number, ms: number) => gap >= ms - 1;
    assert.ok(atLeast(gaps[0], 30) && atLeast(gaps[1], 60) && atLeast(gaps[2], 100) && atLeast(gaps[3], 100), `gaps ${gaps.join(', ')} ms`);
  });

  test('WaitForState: a nil result ends a wait for absence (empty Target); with a Target, 20 in a row fail it', async () => {
    await waitForState({
      pending: [],
      target: [],
      timeoutMs: 1000,
      delayMs: 0,
      minTimeoutMs: 1,
      refresh: scripted([{ result: 'object', state: 'Deleting' }, { result: 'nil' }]),
    });
    await assert.rejects(
      waitForState({
        pending: [],
        target: ['Available'],
        timeoutMs: 5000,
        delayMs: 0,
        minTimeoutMs: 1,
        refresh: scripted([{ result: 'nil' }]),
      }),
      /couldn't find resource \(21 retries\)/,
    );
  });

  test('WaitForState: a state "" matches a Target of [""] (how the VBR and BGP group deletes end)', async () => {
    await waitForState({
      pending: [],
      target: [''],
      timeoutMs: 1000,
      delayMs: 0,
      minTimeoutMs: 1,
      refresh: scripted([{ result: 'object', state: '' }]),
    });
  });

  test('d.Set decodes strictly: a JSON string is no TypeInt, a JSON number is a TypeString, a JSON string is no TypeBool', () => {
    assert.throws(() => decodeForSet('peer_asn', 'int', '1111'), ProviderError);
    assert.equal(decodeForSet('bandwidth', 'string', 1500), '1500');
    assert.throws(() => decodeForSet('is_fake_asn', 'bool', 'false'), ProviderError);
    assert.equal(decodeForSet('mtu', 'int', null), 0);
    // In a resource's Read the error is ignored and the attribute keeps its value; after an import it has none.
    const d = new ResourceData({ schema: { peer_asn: { type: 'int', required: true } }, id: 'x' });
    assert.ok(d.set('peer_asn', '1111') instanceof ProviderError);
    assert.deepEqual(d.state(), {});
  });
});
