// DescribeRegions and DescribeAccessPoints through the official clients.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { $Vpc, errorCode, startHarness, type Harness } from '../support/harness.js';

describe('regions and access points', () => {
  let h: Harness;
  before(async () => {
    h = await startHarness();
  });
  after(async () => {
    await h.close();
  });

  it('DescribeRegions lists the seeded regions without a RegionId, Chinese names by default', async () => {
    const r = await h.vpc.describeRegions(new $Vpc.DescribeRegionsRequest({}));
    const regions = r.body!.regions!.region!;
    const hz = regions.find((x) => x.regionId === 'cn-hangzhou')!;
    assert.equal(hz.regionEndpoint, 'vpc.aliyuncs.com');
    assert.equal(hz.localName, '华东1（杭州）');
    assert.equal(regions.find((x) => x.regionId === 'ap-southeast-1')!.regionEndpoint, 'vpc.ap-southeast-1.aliyuncs.com');
  });

  it('DescribeRegions with AcceptLanguage en-US gives English names (V1 signature too)', async () => {
    const r = await h.vpcV1.describeRegions(new $Vpc.DescribeRegionsRequest({ acceptLanguage: 'en-US' }));
    assert.equal(r.body!.regions!.region!.find((x) => x.regionId === 'cn-hangzhou')!.localName, 'China (Hangzhou)');
  });

  it('DescribeRegions wire JSON: all strings, list always an array', async () => {
    const body = (await h.pop.request('DescribeRegions', {}, { method: 'GET' })) as { Regions: { Region: Record<string, unknown>[] } };
    assert.ok(Array.isArray(body.Regions.Region));
    for (const k of ['RegionId', 'RegionEndpoint', 'LocalName']) assert.equal(typeof body.Regions.Region[0][k], 'string');
  });

  it('DescribeAccessPoints pages, English by default, Chinese on request', async () => {
    const r = await h.vpc.describeAccessPoints(new $Vpc.DescribeAccessPointsRequest({ regionId: 'cn-hangzhou', pageSize: 1 }));
    assert.equal(r.body!.totalCount, 2);
    assert.equal(r.body!.pageSize, 1);
    const ap = r.body!.accessPointSet!.accessPointType![0];
    assert.equal(ap.accessPointId, 'ap-cn-hangzhou-yh-B');
    assert.equal(ap.name, 'Hangzhou-Yuhang-B');
    assert.equal(ap.attachedRegionNo, 'cn-hangzhou');
    assert.equal(ap.type, 'VPC');
    assert.equal(ap.status, 'recommended');
    assert.equal(ap.accessPointFeatureModels!.accessPointFeatureModel![0].featureKey, 'AP_Support_VbrBandwidthLimit');
    const p2 = await h.vpc.describeAccessPoints(
      new $Vpc.DescribeAccessPointsRequest({ regionId: 'cn-hangzhou', pageSize: 1, pageNumber: 2, acceptLanguage: 'zh-CN' }),
    );
    assert.equal(p2.body!.accessPointSet!.accessPointType![0].name, '杭州-萧山-C');
  });

  it('DescribeAccessPoints wire JSON types', async () => {
    const body = (await h.pop.request('DescribeAccessPoints', { RegionId: 'cn-shanghai' }, { method: 'POST' })) as Record<string, unknown>;
    for (const k of ['PageNumber', 'PageSize', 'TotalCount']) assert.equal(typeof body[k], 'number');
    const items = (body.AccessPointSet as { AccessPointType: Record<string, unknown>[] }).AccessPointType;
    for (const k of ['AccessPointId', 'Name', 'Description', 'Location', 'HostOperator', 'AttachedRegionNo', 'Status', 'Type'])
      assert.equal(typeof items[0][k], 'string', k);
  });

  it('errors: unknown region 404, PageSize over 50, bad AcceptLanguage', async () => {
    const e = await errorCode(h.vpc.describeAccessPoints(new $Vpc.DescribeAccessPointsRequest({ regionId: 'mars-1' })));
    assert.equal(e.code, 'InvalidRegionId.NotFound');
    assert.equal(e.statusCode, 404);
    const e2 = await errorCode(h.vpc.describeAccessPoints(new $Vpc.DescribeAccessPointsRequest({ regionId: 'cn-hangzhou', pageSize: 51 })));
    assert.equal(e2.code, 'InvalidParameter');
    const e3 = await errorCode(h.vpc.describeRegions(new $Vpc.DescribeRegionsRequest({ acceptLanguage: 'fr-FR' })));
    assert.equal(e3.code, 'InvalidParameter');
  });
});
