// Every action vbrd serves, by product, and the VPC actions it knows of but does not implement.
import type { ActionDef, Product } from './action.js';

export class Registry {
  private readonly byKey = new Map<string, ActionDef>();

  constructor(defs: ActionDef[]) {
    for (const d of defs) {
      const key = `${d.product}:${d.name}`;
      if (this.byKey.has(key)) throw new Error(`action ${key} defined twice`);
      this.byKey.set(key, d);
    }
  }

  get(product: Product, name: string): ActionDef | undefined {
    return this.byKey.get(`${product}:${name}`);
  }

  names(product: Product): string[] {
    return [...this.byKey.values()]
      .filter((d) => d.product === product)
      .map((d) => d.name)
      .sort();
  }
}

/** VPC 2016-04-28 actions outside vbrd's scope: they get a clear "not implemented" error, not a 404. */
export const UNIMPLEMENTED_VPC_ACTIONS = new Set([
  'CreateVpc',
  'DeleteVpc',
  'DescribeVpcs',
  'DescribeVpcAttribute',
  'ModifyVpcAttribute',
  'CreateVSwitch',
  'DeleteVSwitch',
  'DescribeVSwitches',
  'DescribeVSwitchAttributes',
  'ModifyVSwitchAttribute',
  'CreateRouteTable',
  'DeleteRouteTable',
  'AssociateRouteTable',
  'UnassociateRouteTable',
  'AllocateEipAddress',
  'ReleaseEipAddress',
  'AssociateEipAddress',
  'UnassociateEipAddress',
  'DescribeEipAddresses',
  'CreateNatGateway',
  'DeleteNatGateway',
  'DescribeNatGateways',
  'CreateSnatEntry',
  'CreateForwardEntry',
  'CreateRouterInterface',
  'DeleteRouterInterface',
  'DescribeRouterInterfaces',
  'ConnectRouterInterface',
  'ActivateRouterInterface',
  'DeactivateRouterInterface',
  'ModifyRouterInterfaceAttribute',
  'CreateVpnGateway',
  'DescribeVpnGateways',
  'CreateVpnConnection',
  'DescribeVpnConnections',
  'CreateCustomerGateway',
  'DescribeZones',
  'DescribeVRouters',
  'CreatePhysicalConnectionSetupOrder',
  'DescribePhysicalConnectionLOA',
  'ApplyPhysicalConnectionLOA',
  'CompletePhysicalConnectionLOA',
  'UpdatePhysicalConnectionAttribute',
  'DeleteVirtualPhysicalConnection',
  'ConfirmVirtualPhysicalConnection',
  'CreateExpressConnectTrafficQos',
  'DescribeExpressConnectTrafficQos',
  'DescribeBgpNetworkAttribute',
  'ModifyBgpNetworkAttribute',
  'DescribeVirtualBorderRoutersForVbr',
  'TagResources',
  'UntagResources',
  'ListTagResources',
  'MoveResourceGroup',
  'CreateHealthCheckInstance',
  'DescribeHealthCheckInstances',
]);
