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
  'Forbidden.RAM': [403, "User not authorized to operate on the specified resource, or this API doesn't support RAM."],
  IdempotentParameterMismatch: [400, 'The request uses the same client token as a previous, but non-identical request.'],
  'IllegalParam.ClientToken': [400, 'client token length too long'],
  InternalError: [500, 'The request processing has failed due to some unknown error.'],
  ServiceUnavailable: [503, 'The request has failed due to a temporary failure of the server.'],
  // Flow control: vbrd throttles nobody by itself; a fault rule of the control API answers these.
  Throttling: [400, 'Request was denied due to request throttling.'],
  'Throttling.User': [400, 'Request was denied due to user flow control.'],
  'Throttling.Api': [400, 'Request was denied due to api flow control.'],
  'InvalidRegionId.NotFound': [404, 'Specified value of "regionId" is not supported.'],
  'InvalidRegionId.NotSupport': [404, 'The RegionId provided does not support in our records.'],
  'InvalidFilterKey.ValueNotSupported': [404, 'Specified filter key is not supported: %s'],

  // --- the error table Alibaba's BGP actions share ---
  'QuotaExceeded.Bgp': [400, 'bgp peer count per vbr quota exceed.'],
  'QuotaExceeded.BgpNetwork': [400, 'bgp network count per vbr quota exceed.'],
  InvalidPeerIpAddress: [400, 'multi pconn peer ip can not be null.'],
  InvalidVbrNetwork: [400, 'vbr netowrk not exists'],
  InvalidBgpGroup: [400, 'bgp group not exists'],
  'InvalidBgpName.Malformed': [400, 'Specified Bgp Group name is not valid.'],
  'InvalidBgpDescription.Malformed': [400, 'Specified Bgp Group description is not valid.'],
  // The same error as ModifyBgpGroupAttribute's reference spells it (and those of the other BGP actions, which take no Description).
  'InvalidBgpDiscription.Malformed': [400, 'Specified Bgp Group description is not valid.'],
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
  'InvalidBgpGroup.LocalAsnInvalid': [
    400,
    'The specified BgpGroup LocalAsn is invalid, only support 64512 to 65534 or 4200000000 to 4294967294, but cannot be 65025.',
  ],
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
  'DuplicatedParam.PeerIpAddress': [400, 'The param of PeerIpAddress is duplicated.'],
  'DuplicatedParam.LocalIpAddress': [400, 'The LocalIpAddress already exists.'],
  'DuplicatedParam.LocalIpv6Address': [400, 'The LocalIpv6Address already exists.'],
  'DuplicatedParam.PeerIpv6Address': [400, 'The PeerIpv6Address already exists.'],
  'IllegalParam.IpVersion': [400, 'The IpVersion is illegal.'],
  'IllegalParam.PeerIpAddress': [400, 'The PeerIpAddress is illegal.'],
  'InvalidBgpPeerId.NotFound': [404, 'The specified BgpPeerId does not exit in our records.'],
  'InvalidBgpPeer.NotFound': [400, 'Bgp peer not found.'],

  // --- BGP networks ---
  'Duplicated.CidrBlock': [400, 'bgp network cidr already exists.'],
  'InvalidDestCidrBlock.Malformed': [400, 'Specified dstCidrBlock is not valid.'],
  'IllegalParam.ConflictWithDClass': [400, 'DClass IP can not support.'],
  'IllegalParamFormat.DstCidrBlock': [400, 'The DstCidrBlock format is illegal.'],
  // --- regions, physical connections (Express Connect circuits), hosted connections ---
  'InvalidOperation.OrderOpened': [400, 'You have already open the service. Go to the console to start using it.'],
  'InvalidType.Malformd': [400, 'The Type provided was invalid.'],
  'InvalidPeerLocation.Malformd': [400, 'The PeerLocation provided was invalid.'],
  'InvalidLineOperator.Malformd': [400, 'The LineOperator provided was invalid.'],
  'InvalidPortType.Malformd': [400, 'The PortType provided was invalid.'],
  'InvalidPortType.NotFound': [404, 'There are no resources with the portType.'],
  'InvalidName.Malformed': [400, 'The specified Name is not valid.'],
  'InvalidDescription.Malformed': [400, 'The specified Description is not valid.'],
  'InvalidCircuitCode.Malformed': [400, 'circuitCode is illegal.'],
  InvalidBandwidth: [400, 'invalid physical connection banwidth.'],
  'InvalidRedundantPhysicalConnectionId.NotFound': [400, 'The RedundantPhysicalConnectionId  does not found.'],
  InvalidRedundantPhysicalConnectionStatus: [400, 'invalid redundant physical connection status.'],
  'QuotaExceeded.pConnPerAP': [400, 'Physical connection count per ap quota exceed.'],
  'QuotaExceeded.freePconnPerAP': [400, 'free physical connections count excceeded.'],
  'ResourceNotFound.AccessPointId': [404, 'The specified resource of AccessPointId is not found.'],
  'InvalidAccessPointId.NotEnabled': [400, 'Invalid access point status.'],
  'InvalidPhysicalConnectionId.NotFound': [404, 'The PhysicalConnectionId provided does not exist in our records.'],
  'InvalidPhysicalConnectionId.NotEnabled': [400, 'The specified PhysicalConnectionId is not in Enabled state.'],
  'IncorrectStatus.PhysicalConnection': [400, 'The status of %s is incorrect.'],
  'Forbidden.NotAllowedInState': [400, 'The request does not allow in this state.'],
  'INSTANCE.STATUS.NOT.ALLOW': [400, 'Instance status not allow'],
  'Forbidden.VbrAttached': [400, 'Cannot terminate physical connection when virtual border routers are still attached.'],
  'OperationFailed.VpconnAttached': [400, 'Cannot terminate physical connection when vpconn are still attached.'],
  'Forbidden.VBRExists': [400, "physical connection owner's vbr still exists."],
  'Forbidden.AssociateToVBR': [400, 'The physical connection still associate to VBR.'],
  'Forbidden.NotInAllowDeleteStatus': [
    400,
    'Only physical connection in the Cancelled, Rejected, Terminated, Allocated, or AllocationFailed states can be deleted.',
  ],
  InvalidStatus: [400, 'invalid physical connection status.'],
  'OperationDenied.VPconn': [400, 'The operation is not allowed because of VPconn.'],
  'OperationDenied.VBRAssociateVPconn': [400, 'The operation is not allowed because of VBRAssociateVPconn.'],
  ResourceNotFound: [400, 'The specified resource %s is not found.'],
  'OperationDenied.PconnNotAllowRecover': [400, 'Exclusive physical connection does not allow recovery.'],
  'ResourceNotFound.PhysicalConnectionId': [400, 'The specified PhysicalConnectionId [%s] is not found.'],
  'OperationDenied.CreateVpconn': [400, 'You are not allowed to create virtual physical connection. Please contact your CBM.'],
  'IllegalParam.Spec': [400, 'The param of Spec is illegal.'],
  'IllegalParam.VlanId': [400, 'The param of VlanId is illegal.'],
  'IllegalParam.VpconnAliUid': [400, 'The specified AliUid of Vpconn is illegal.'],
  'IllegalParam.OrderMode': [400, 'The param of OrderMode is illegal.'],
  VLAN_ID_HAS_BEEN_USED_IN_PHYSICAL_CONNECTION: [400, 'vlan id has been used in physical connection'],
  'ResourceNotEnough.Bandwidth': [400, 'The specified resource of Bandwidth is not enough.'],
  'QuotaExceeded.VPCONN': [400, 'The quota of VPCONN_COUNT_PER_PCONN is exceeded'],

  // --- virtual border routers ---
  'InvalidVbrId.NotFound': [404, 'The specified VirutalBorderRouter does not exist in our records.'],
  'InvalidVlanId.Used': [400, 'The specified VlanId has been used.'],
  'InvalidVlanId.Malformed': [400, 'The specified VlanId is not valid.'],
  'InvalidLocalGatewayIp.Malformed': [400, 'The specified LocalGatewayIp is not valid.'],
  'InvalidPeerGatewayIp.Malformed': [400, 'The specified PeerGatewayIp is not valid.'],
  'InvalidPeeringSubnetMask.Malformed': [400, 'The specified PeeringSubnetMask is not valid.'],
  'InvalidIp.NotSameSubnet': [400, 'Local gateway ip and peer gateway ip are not in the same subnet.'],
  'InvalidIp.Malformed': [400, 'The specified ip address is not valid.'],
  'IllegalParam.IpAddress': [400, 'The specified IpAddress (%s) is illegal.'],
  'IllegalParam.CidrBlock': [400, 'The specified CidrBlock (%s) is illegal.'],
  'IllegalParam.Bandwidth': [400, 'The param of bandwidth is illegal.'],
  'IllegalParam.MinTxInterval': [400, 'The specified MinTxInterval is not in proper range.'],
  'IllegalParam.MinRxInterval': [400, 'The specified MinRxInterval is not in proper range.'],
  'IllegalParam.DetectMultiplier': [400, 'The specified DetectMultiplier is not in proper range.'],
  'IllegalParam.AssociatedPhysicalConnections': [400, 'The specified AssociatedPhysicalConnections is illegal.'],
  'QuotaExceeded.vbrPerpConn': [400, 'Virtual boarder router per PhysicalConnection quota exceed.'],
  'OperationFailed.PconnExistVlan0Vbr': [400, 'The physical connection has VLAN 0 VBR. You cannot create another VBR.'],
  'OperationFailed.Vlan0VbrUnSharePconn': [400, 'VLAN 0 VBR cannot share the physical connection with another VBR.'],
  VbrBandwidthExceed: [400, 'VBR bandwidth exceed for this physical connection.'],
  'OperationFailed.NotConsistentWithVpconn': [400, 'VBR bandwidth is not consistent with vpconn'],
  'OperationFailed.VirtualPhysicalConnectionExistVBR': [400, 'The virtual physical connect has already created another VBR.'],
  'OperationFailed.VlanIdAlreadyInUse': [400, 'The specifed vlanId has been used.'],
  'InvalidVbrOwnerId.NotFound': [404, 'The specified VbrOwnerId is not valid.'],
  'Forbidden.LocalGatewayIpNotAllowedByCaller': [403, 'The caller is not allowed to specify the LocalGatewayIp parameter.'],
  'Forbidden.PeerGatewayIpNotAllowedByCaller': [403, 'The caller is not allowed to specify the PeerGatewayIp  parameter.'],
  'Forbidden.PeeringSubnetMaskNotAllowedByCaller': [403, 'The caller is not allowed to specify the PeeringSubnetMask parameter.'],
  'Forbidden.NameNotAllowedByCaller': [403, 'The caller is not allowed to specify the Name parameter.'],
  'Forbidden.DescriptionNotAllowedByCaller': [403, 'The caller is not allowed to specify the Description parameter.'],
  'Forbidden.VlanIdNotAllowedByCaller': [403, 'The caller is not allowed to specify the VlanId.'],
  'Forbidden.CircuitCodeNotAllowedByCaller': [403, 'The caller is not allowed to modify.'],
  'Forbidden.OperationDeleteNotAllowedByUser': [403, 'The caller is not allowed to delete the specified VirtualBorderRouter.'],
  'Forbidden.OperationTerminateNotAllowedByUser': [403, 'The caller is not allowed to terminate the specified VirtualBorderRouter.'],
  'Forbidden.OperationRecoverNotAllowedByUser': [403, 'The caller is not allowed to recover the specified VirtualBorderRouter.'],
  'Forbidden.OperationNotAllowed': [400, "The caller must be PhysicalConnection or VirtualBorderRouter's owner."],
  'Forbidden.NotSameAccessDevice': [400, 'Vbr and physicalConnection are not on the same accessDevice.'],
  'InvalidOperation.OperationNotAllowedInState': [400, 'The specified VirutalBorderRouter is in invalid state.'],
  'IncorrectStatus.VirtualBorderRouter': [400, '%s'],
  'InvalidStatus.NotAllowed': [400, 'Invalid virtual border router status.'],
  'DependencyViolation.BgpGroup': [400, 'bgp group exists, cannot delete vbr.'],
  'DependencyViolation.BgpNetwork': [400, 'bgp network exists, cannot delete vbr.'],
  PHYSICAL_NOT_ALLOW_ASSOCIATE_VBR: [400, 'The specified operation not allow.'],
  PHYSICAL_NOT_ASSOCIATE_TO_VBR: [400, 'The specified PhysicalConnection have not associate to the vbr.'],
  EXCEED_ASSOCIATE_MAX_NUM: [400, 'assocaite virtual boarder num too many.'],
  'DuplicatedParam.LocalGatewayIp': [400, 'Duplicated LocalGatewayIp values.'],
  'DuplicatedParam.PeerGatewayIp': [400, 'Duplicated PeerGatewayIp values.'],
  'DuplicatedParam.LocalIpv6GatewayIp': [400, 'Duplicated LocalIpv6GatewayIp values.'],
  'DuplicatedParam.PeerIpv6GatewayIp': [400, 'Duplicated PeerIpv6GatewayIp values.'],
  'DependencyViolation.VbrHa': [400, 'vbr ha exists, cannot delete vbr.'],

  // --- TagResourcesForExpressConnect, UntagResourcesForExpressConnect, ListTagResourcesForExpressConnect ---
  InvalidTagKey: [400, 'The tag keys are not valid.'],
  InvalidTagValue: [400, 'The tag values are not valid.'],
  'InvalidInstanceType.NotFound': [400, 'The instance type is not found'],
  'InvalidInstanceIds.NotFound': [400, 'The instanceIds are not found'],
  'Forbidden.TagKeys': [400, 'The request do not allow to operate the tag keys'],
  'QuotaExceeded.TagNum': [400, 'Custom Tags quota exceeded'],
  'Forbidden.TagKey.Duplicated': [400, 'The specified tag key already exists.'],
  'SizeLimitExceeded.TagNum': [400, 'The maximum number of tags is exceeded.'],
  'SizeLimitExceeded.ResourceId': [400, 'The maximum number of resource IDs is exceeded.'],
  'MissingParameter.TagKey': [400, 'The input parameter TagKey that is mandatory for processing this request is not supplied.'],
  'BothEmpty.TagsAndResources': [403, 'The specified Tags and ResourcesIds are not allow to both empty.'],

  // --- resource groups (ChangeResourceGroup; InvalidResourceGroupId is VPC MoveResourceGroup's code) ---
  'ResourceType.Unknown': [400, 'Unknown ResourceType.'],
  'InvalidInstanceId.NotFound': [400, 'The specified instance id does not exist.'],
  InvalidResourceGroupId: [400, 'The specified ResourceGroupId does not exist.'],
  'IllegalParam.ResourceGroupId': [400, 'Invalid ResourceGroupld value.'],

  // --- CreatePhysicalConnectionOccupancyOrder ---
  'InvalidPhysicalConnectionChargeType.Malformed': [400, 'Specified Physical Connection ChargeType is not valid.'],
  'InvalidPhysicalConnectionPeriod.Malformed': [400, 'Specified Physical Connection Period is not valid.'],
  'InvalidPhysicalConnectionPricingCycle.Malformed': [400, 'Specified Physical Connection PricingCycle is not valid.'],

  // --- UpdateVirtualPhysicalConnection, DeletePhysicalConnection of a hosted connection ---
  'Forbidden.PhysicalConnection': [400, 'Only parent physical connection account is allowed to modify the virtual physical connection.'],
  'OperationFailed.PhysicalConnectionFinancialLocked': [400, 'Update failed, the physical connection is financial locked.'],
  'OperationFailed.PhysicalConnectionTerminated': [400, 'Update failed, the physical connection is terminated.'],
  'IncorrectStatus.VBR': [400, 'The status of VBR is incorrect.'],
  'OperationDenied.NeedVpconnOwner': [400, 'The operation is denied.'],
  'OperationDenied.NeedPconnOwner': [400, 'The operation is denied.'],

  // --- VBR HA (CreateVbrHa, DescribeVbrHa, DeleteVbrHa) ---
  'OperationFailed.VbrAliUidNotConsistent': [400, 'The VBR and the peer VBR belong to different AliUids.'],
  'OperationFailed.VbrAccessDeviceSame': [400, 'The VBR and the peer VBR are in the same device.'],
  'OperationFailed.VbrInUsedByOtherHa': [400, 'The VBR is used by another VBR HA.'],
  'OperationFailed.VbrBgpPeerNotEnableBfd': [400, 'The VBR BGP has not enabled BFD.'],
  'ResourceNotFound.Vbr': [404, 'The VBR resource is not found.'],
  'ResourceNotFound.VbrHa': [404, 'The VBR HA resource is not found.'],
  'IllegalParam.Name': [400, 'The param of Name is illegal.'],
  'IllegalParam.Description': [400, 'The param of Description is illegal.'],
  'IllegalParam.InstanceId': [400, 'The param of InstanceId is illegal.'],
  'DRYRUN.SUCCESS': [400, 'Request validation has been passed with DryRun flag set.'],

  // --- RAM 2015-05-01 (RAM API "Error messages" list; EntityAlreadyExists.Policy's text is Alibaba's, sic) ---
  'InvalidParameter.UserName.InvalidChars': [400, 'The parameter - "UserName" contains invalid chars.'],
  'InvalidParameter.UserName.Length': [400, 'The parameter - "UserName" beyond the length limit.'],
  'InvalidParameter.NewUserName.InvalidChars': [400, 'The parameter - "NewUserName" contains invalid chars.'],
  'InvalidParameter.NewUserName.Length': [400, 'The parameter - "NewUserName" beyond the length limit.'],
  'InvalidParameter.DisplayName.Length': [400, 'The parameter - "DisplayName" beyond the length limit.'],
  'InvalidParameter.NewDisplayName.Length': [400, 'The parameter - "NewDisplayName" beyond the length limit.'],
  'InvalidParameter.Comments.Length': [400, 'The parameter - "Comments" beyond the length limit.'],
  'InvalidParameter.NewComments.Length': [400, 'The parameter - "NewComments" beyond the length limit.'],
  'InvalidParameter.MobilePhone.Format': [400, 'The format of the parameter - "MobilePhone" is incorrect.'],
  'InvalidParameter.NewMobilePhone.Format': [400, 'The format of the parameter - "NewMobilePhone" is incorrect.'],
  'InvalidParameter.Email.Format': [400, 'The format of the parameter - "Email" is incorrect.'],
  'InvalidParameter.NewEmail.Format': [400, 'The format of the parameter - "NewEmail" is incorrect.'],
  'InvalidParameter.PolicyType': [400, 'The parameter - "PolicyType" is incorrect.'],
  'InvalidParameter.PolicyName.InvalidChars': [400, 'The parameter - "PolicyName" contains invalid chars.'],
  'InvalidParameter.PolicyName.Length': [400, 'The parameter - "PolicyName" beyond the length limit.'],
  'InvalidParameter.PolicyDocument.Length': [
    400,
    'The maximum length of the policy document is exceeded. It must not exceed 6144 characters.',
  ],
  'InvalidParameter.Description.Length': [400, 'The parameter - "Description" beyond the length limit.'],
  'InvalidParameter.Status': [400, 'The parameter - "Status" is incorrect.'],
  'InvalidParameter.RotateStrategy': [400, 'The parameter - "RotateStrategy" is incorrect.'],
  MalformedPolicyDocument: [400, '%s'],
  'EntityNotExist.User': [404, 'The user does not exist.'],
  'EntityNotExist.User.AccessKey': [404, 'The user access key does not exist.'],
  'EntityNotExist.User.Policy': [404, 'The indicate policy of the user does not exist.'],
  'EntityNotExist.Policy': [404, 'The policy does not exist.'],
  'EntityAlreadyExists.User': [409, 'The user does already EXIST.'],
  'EntityAlreadyExists.User.Policy': [409, 'The user has already been attached this policy.'],
  'EntityAlreadyExists.Policy': [409, 'The group does already EXIST.'],
  'DeleteConflict.User.Policy': [409, 'The user CAN NOT has any attached policy while deleting the user.'],
  'DeleteConflict.Policy.User': [409, 'The policy CAN NOT been attached to any user while deleting the policy.'],
  'DeleteConflict.Policy.Version': [409, 'The policy CAN NOT has any version except the default version.'],
  'LimitExceeded.User': [409, 'The count of users beyond the current limits.'],
  'LimitExceeded.User.AccessKey': [409, 'The access key count of the user access keys beyond the current limits.'],
  'LimitExceeded.Policy': [409, 'The count of policy beyond the current limits.'],
  'LimitExceeded.Policy.Version': [409, 'The count of policy version beyond the current limits.'],
} as const satisfies Record<string, Entry>;

export type ErrorCode = keyof typeof catalogue;

/** Build the wire error for `code`; `%s` in the message is replaced by `arg`, or pass a whole message. */
export function apiError(
  code: ErrorCode,
  arg?: string,
  opts: { message?: string; status?: number; extra?: Record<string, unknown> } = {},
): ApiError {
  const [status, template] = catalogue[code] as Entry;
  const message = opts.message ?? (arg === undefined ? template : template.replace('%s', arg));
  // A few codes are documented with a different status on different actions (e.g. InvalidVbrId.NotFound: 400 on Modify, 404 elsewhere).
  return new ApiError(opts.status ?? status, code, message, opts.extra);
}

/** Alibaba's status and message for a code, when the catalogue has it (a fault rule names any code). */
export function catalogued(code: string): { status: number; message: string } | undefined {
  if (!Object.hasOwn(catalogue, code)) return undefined;
  const [status, template] = catalogue[code as ErrorCode] as Entry;
  return { status, message: template.replace('%s', '') };
}

export function statusOf(code: ErrorCode): number {
  return (catalogue[code] as Entry)[0];
}
