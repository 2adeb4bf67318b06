// DescribeRegions and DescribeAccessPoints: the operator's inventory, read from the seed.
import { apiError } from '../../errors/catalogue.js';
import { checkPaging, pageOf } from '../../domain/paging.js';
import type { SeedAccessPoint, SeedRegion } from '../../config/seed.js';
import { readAction, type ActionDef, type Body } from '../action.js';
import { pagingParams } from './param-groups.js';

type Language = 'zh-CN' | 'en-US';

function language(v: string | undefined, fallback: Language): Language {
  if (v === undefined || v === '') return fallback;
  if (v === 'zh-CN' || v === 'en-US') return v;
  throw apiError('InvalidParameter', 'AcceptLanguage');
}

function renderRegion(r: SeedRegion, lang: Language): Body {
  return { RegionId: r.regionId, RegionEndpoint: r.endpoint, LocalName: lang === 'en-US' ? r.localNameEn : r.localName };
}

function renderAccessPoint(r: SeedRegion, ap: SeedAccessPoint, lang: Language): Body {
  return {
    AccessPointId: ap.accessPointId,
    Name: lang === 'en-US' ? (ap.nameEn ?? ap.name) : ap.name,
    Description: ap.description ?? '',
    Location: ap.location,
    HostOperator: ap.hostOperator,
    AttachedRegionNo: r.regionId,
    Status: ap.status,
    Type: 'VPC',
    AccessPointFeatureModels: { AccessPointFeatureModel: [{ FeatureKey: 'AP_Support_VbrBandwidthLimit', FeatureValue: 'true' }] },
  };
}

const describeRegions = readAction({
  name: 'DescribeRegions',
  product: 'vpc',
  params: {
    AcceptLanguage: { type: 'string' },
    ProductType: { type: 'string' },
  },
  resource: () => '*',
  async run(ctx, p) {
    const lang = language(p.AcceptLanguage, 'zh-CN');
    return { Regions: { Region: ctx.services.seed.regions.map((r) => renderRegion(r, lang)) } };
  },
});

const describeAccessPoints = readAction({
  name: 'DescribeAccessPoints',
  product: 'vpc',
  regionNotFoundMessage: 'The RegionId provided does not exist in our records.',
  params: {
    RegionId: { type: 'string', required: true },
    AcceptLanguage: { type: 'string' },
    ...pagingParams,
  },
  resource: () => '*',
  async run(ctx, p) {
    // The current API documents English as the default language of this action (DescribeRegions defaults to Chinese).
    const lang = language(p.AcceptLanguage, 'en-US');
    const paging = checkPaging(p.PageNumber, p.PageSize);
    const region = ctx.region!;
    const aps = region.accessPoints;
    const slice = pageOf(aps, paging);
    return {
      PageNumber: paging.page,
      PageSize: paging.size,
      TotalCount: aps.length,
      AccessPointSet: { AccessPointType: slice.map((ap) => renderAccessPoint(region, ap, lang)) },
    };
  },
});

export const regionActions: ActionDef[] = [describeRegions, describeAccessPoints];
