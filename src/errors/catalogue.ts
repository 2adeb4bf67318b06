// Every error vbrd returns, with the HTTP status and message Alibaba Cloud uses (messages are
// reproduced as Alibaba writes them, typos included, because clients match on them). Where a code
// has several documented messages the first is the default and callers pass the other.
import { ApiError } from './api-error.js';

type Entry = readonly [status: number, message: string];

const catalogue = {
  // --- gateway / protocol ---
  MissingParameter: [400, "The input parameter '%s' that is mandatory for processing this request is not supplied."],
  InvalidParameter: [400, 'The specified parameter "%s" is not valid.'],
  'InvalidAction.NotFound': [404, 'Specified api is not found, please check your url and method.'],
  UnsupportedOperation: [400, "The action '%s' is part of the VPC API but vbrd does not implement it."],
  InvalidVersion: [400, 'Specified parameter Version is not valid.'],
  UnsupportedHTTPMethod: [400, 'This http method is not supported.'],
  'InvalidAccessKeyId.NotFound': [404, 'Specified access key is not found.'],
  'InvalidAccessKeyId.Inactive': [400, 'Specified access key is disabled.'],
  IncompleteSignature: [400, 'The request signature does not conform to Aliyun standards.'],
  SignatureDoesNotMatch: [400, 'Specified signature is not matched with our calculation.'],
  InvalidSignatureMethod: [400, 'Specified signature method is not supported.'],
  'InvalidTimeStamp.Format': [400, 'Specified time stamp or date value is not well formatted.'],
  'InvalidTimeStamp.Expired': [400, 'Specified time stamp or date value is expired.'],
  SignatureNonceUsed: [400, 'Specified signature nonce was used already.'],
  MissingSecurityToken: [400, 'SecurityToken is mandatory for this action.'],
  'Forbidden.RAM': [403, 'User not authorized to operate on the specified resource, or this API doesn\'t support RAM.'],
  IdempotentParameterMismatch: [400, 'The request uses the same client token as a previous, but non-identical request.'],
  'IllegalParam.ClientToken': [400, 'client token length too long'],
  InternalError: [500, 'The request processing has failed due to some unknown error.'],
  ServiceUnavailable: [503, 'The request has failed due to a temporary failure of the server.'],
  'InvalidRegionId.NotFound': [404, 'Specified value of "regionId" is not supported.'],
  'InvalidRegionId.NotSupport': [404, 'The RegionId provided does not support in our records.'],
  'InvalidFilterKey.ValueNotSupported': [404, 'Specified filter key is not supported: %s'],

  // --- shared BGP table (actions.md §0.6) ---
  'QuotaExceeded.Bgp': [400, 'bgp peer count per vbr quota exceed.'],
  'QuotaExceeded.BgpNetwork': [400, 'bgp network count per vbr quota exceed.'],
  InvalidPeerIpAddress: [400, 'multi pconn peer ip can not be null.'],
  InvalidVbrNetwork: [400, 'vbr netowrk not exists'],
  InvalidBgpGroup: [400, 'bgp group not exists'],
  'InvalidBgpName.Malformed': [400, 'Specified Bgp Group name is not valid.'],
  'InvalidBgpDescription.Malformed': [400, 'Specified Bgp Group description is not valid.'],
  'InvalidBgpAuthkey.Malformed': [400, 'Specified Bgp Group authkey is not valid.'],
  'InvalidIP.Malformed': [400, 'Ip malformed.'],
  'InvalidPeerAsn.Malformed': [400, 'invalid peer asn cannot equals aliyun asn:45104'],
  'InvalidParams.NotNull': [400, 'parameter must not null.'],
  'InvalidParams.NotFound': [400, 'instance not found'],
  'InvalidParams.AlreadyExists': [400, 'bgp network already exists'],
  'InvalidStatus.CannotOperate': [400, 'invalid status cannot operate'],
  'InvalidParams.PeerIpAddressMustPointOut': [400, 'vbr has 0 or more than 1 subif ,point out peerIpAddress.'],
  'InvalidParams.PeerIpAddressInUse': [400, 'peer ip address in use ,cannot create bgp peer.'],
  'OperationFailed.PconnTrafficNotEnable': [400, 'The operation is failed because of PconnTrafficNotEnable.'],

  // --- CreateBgpGroup / ModifyBgpGroupAttribute ---
  'InvalidBgpGroup.LocalAsnInvalid': [400, 'The specified BgpGroup LocalAsn is invalid, only support 64512 to 65534 or 4200000000 to 4294967294, but cannot be 65025.'],
  'IllegalParam.PeerAsn': [400, 'The specified PeerAsn is illegal.'],
  'IllegalParam.LocalAsn': [400, 'The specified LocalAsn is illegal.'],
  'IllegalParam.RouteLimit': [400, 'The operation is failed because of bgp group max route entry num quota exceed.'],
  OperationConflict: [400, 'The operation conflicts with another operation in progress on this resource.'],
  'DependencyViolation.BgpPeer': [400, 'The specified bgp group still has bgp peers.'],

  // --- CreateBgpPeer ---
  'InvalidAccessDeviceId.NotFound': [400, 'There is no Access_Device_Id in our records'],
  'QuotaExceeded.BfdSession': [400, 'Your Bfd Session number reaches the upper limit.'],
  'BgpPeer.Already.Exists': [400, 'bgp peer already exists.'],
  'MissingParam.EnableBfd': [400, 'The parameter EnableBfd is missing.'],
  'OperationUnsupported.IPV6ForThisRegion': [400, 'This Region is unsupported IPV6.'],
  'IllegalParam.BfdMultiHop': [400, 'BfdMultiHop is illegal.'],
  'UnsupportedFeature.Vpconn': [400, 'The feature of Vpconn is not supported.'],
  'DuplicatedParam.PeerIpAddress': [400, 'The PeerIpAddress is duplicated.'],
  'IllegalParam.IpVersion': [400, 'The IpVersion is illegal.'],
  'IllegalParam.PeerIpAddress': [400, 'The PeerIpAddress is illegal.'],
  'InvalidBgpPeerId.NotFound': [404, 'The specified BgpPeerId does not exist.'],

  // --- BGP networks ---
  'Duplicated.CidrBlock': [400, 'bgp network cidr already exists.'],
  'InvalidDestCidrBlock.Malformed': [400, 'Specified dstCidrBlock is not valid.'],
  'IllegalParam.ConflictWithDClass': [400, 'DClass IP can not support.'],
  'IllegalParamFormat.DstCidrBlock': [400, 'The DstCidrBlock format is illegal.'],
} as const satisfies Record<string, Entry>;

export type ErrorCode = keyof typeof catalogue;

/** Build the wire error for `code`; `%s` in the message is replaced by `arg`, or pass a whole message. */
export function apiError(code: ErrorCode, arg?: string, opts: { message?: string; extra?: Record<string, unknown> } = {}): ApiError {
  const [status, template] = catalogue[code] as Entry;
  const message = opts.message ?? (arg === undefined ? template : template.replace('%s', arg));
  return new ApiError(status, code, message, opts.extra);
}

export function statusOf(code: ErrorCode): number {
  return (catalogue[code] as Entry)[0];
}
