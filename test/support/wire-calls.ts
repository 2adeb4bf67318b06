// Calls sent as any string the wire allows, through pop-core (the official RPC client, which signs and
// passes whatever it is given), and the one check every answer must pass: a 200 with a RequestId, or an
// error in Alibaba's envelope with a 4xx status. Shared by the random-parameter test and the fuzz suite,
// with the values that can pass, by parameter name, and the ids of the resources a test aims at.
import assert from 'node:assert/strict';
import type { Harness } from './harness.js';

export type Pop = Harness['pop'];

/** Values that can pass, by parameter name: most calls should get past the parameter checks. */
export const PLAUSIBLE: Record<string, readonly string[]> = {
  PeerIpAddress: ['10.0.0.2', '10.0.0.6', '2001:db8::2', '2001:db8::9', '10.0.0.1'],
  LocalGatewayIp: ['10.0.0.1', '10.0.1.1'],
  PeerGatewayIp: ['10.0.0.2', '10.0.1.2'],
  PeeringSubnetMask: ['255.255.255.252', '255.255.255.0'],
  LocalIpv6GatewayIp: ['2001:db8::1'],
  PeerIpv6GatewayIp: ['2001:db8::2'],
  PeeringIpv6SubnetMask: ['2001:db8::/126', '2001:db8::/64'],
  DstCidrBlock: ['10.1.0.0/16', '192.168.0.0/24', '2001:db8:1::/48'],
  IpVersion: ['IPv4', 'IPv6'],
  PeerAsn: ['65001', '64512', '4294967295'],
  LocalAsn: ['45104', '65010'],
  AccessPointId: ['ap-cn-hangzhou-yh-B'],
  LineOperator: ['CT', 'CMCC', 'Other'],
  PortType: ['10GBase-LR', '1000Base-T'],
  Spec: ['50M', '1G'],
  OrderMode: ['PayByPhysicalConnectionOwner', 'PayByVirtualPhysicalConnectionOwner'],
  PageSize: ['10', '50'],
  PageNumber: ['1', '2'],
  BfdMultiHop: ['1', '255'],
  PolicyType: ['Custom', 'System'],
  PolicyName: ['AliyunVPCFullAccess', 'p1'],
  UserName: ['u1', 'u2'],
  Status: ['Active', 'Inactive'],
  ResourceType: ['VIRTUALBORDERROUTER', 'PHYSICALCONNECTION'],
  InstanceChargeType: ['PrePaid'],
  PricingCycle: ['Month', 'Year'],
  ExpectSpec: ['50M', '100M'],
  PolicyDocument: ['{"Version":"1","Statement":[{"Effect":"Allow","Action":"vpc:*","Resource":"*"}]}', '{"Statement":[]}'],
};

/** Which ids a parameter names, by the prefix of the ids vbrd makes (domain/ids.ts). */
export const ID_PREFIX: Record<string, string> = {
  PhysicalConnectionId: 'pc-',
  RouterId: 'vbr-',
  VbrId: 'vbr-',
  BgpGroupId: 'bgpg-',
  BgpPeerId: 'bgp-',
  PeerVbrId: 'vbr-',
  VbrHaId: 'vbrha-',
};

const ANSWERED_ID = new RegExp(`"((?:${[...new Set(Object.values(ID_PREFIX))].map((p) => p.slice(0, -1)).join('|')})-[a-z0-9]+)"`, 'g');

/** The ids of those kinds an answer's body names, to aim later calls at. */
export function answeredIds(body: unknown): string[] {
  return [...JSON.stringify(body).matchAll(ANSWERED_ID)].map((m) => m[1]);
}

export interface Answer {
  /** HTTP status, or 0 when no answer came. */
  status: number;
  /** 'OK' for a 200, else the error's Code (or what went wrong when the answer is no envelope). */
  code: string;
  body: Record<string, unknown>;
  ms: number;
  /** Set when the answer is not in Alibaba's form: what is wrong with it. */
  malformed?: string;
}

const ENVELOPE = ['RequestId', 'HostId', 'Code', 'Message', 'Recommend'] as const;

type PopFailure = { code?: string; data?: Record<string, unknown>; entry?: { response?: { statusCode?: number } }; message: string };

/**
 * One call by POST with the parameters exactly as given (pop-core would otherwise capitalise their
 * names), and how it was answered; never throws for an answer, only records what is wrong with it.
 */
export async function popCall(pop: Pop, action: string, params: Record<string, string>): Promise<Answer> {
  const start = performance.now();
  try {
    const body = (await pop.request(action, params, { method: 'POST', formatParams: false, timeout: 30_000 })) as Record<string, unknown>;
    const ms = performance.now() - start;
    const malformed = typeof body.RequestId === 'string' ? undefined : `a 200 without a RequestId: ${JSON.stringify(body)}`;
    return { status: 200, code: 'OK', body, ms, malformed };
  } catch (e) {
    const ms = performance.now() - start;
    const err = e as PopFailure;
    const status = err.entry?.response?.statusCode ?? 0;
    if (!err.data) return { status, code: err.code ?? 'NoAnswer', body: {}, ms, malformed: `not an error envelope: ${err.message}` };
    const missing = ENVELOPE.filter((k) => typeof err.data![k] !== 'string');
    const malformed =
      status < 400 || status >= 500
        ? `HTTP ${status} ${JSON.stringify(err.data)}`
        : missing.length > 0
          ? `${missing.join(', ')} missing from ${JSON.stringify(err.data)}`
          : undefined;
    return { status, code: String(err.data.Code ?? err.code), body: err.data, ms, malformed };
  }
}

/** Fails unless the answer is a 200 with a RequestId or a 4xx in the envelope; `what` names the call. */
export function assertWellFormed(a: Answer, what: string): void {
  assert.equal(a.malformed, undefined, `${what}: ${a.malformed}`);
}
