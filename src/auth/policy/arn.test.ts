import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  physicalConnectionArn,
  physicalConnectionWildcardArn,
  ramPolicyArn,
  ramPolicyWildcardArn,
  ramUserArn,
  ramUserWildcardArn,
  routerInterfaceArn,
  vbrArn,
  vbrHaArn,
  vbrWildcardArn,
} from './arn.js';

test('ARN helpers produce the documented forms', () => {
  const cases: ReadonlyArray<[string, string]> = [
    [vbrArn('cn-hangzhou', '1234', 'vbr-bp1'), 'acs:vpc:cn-hangzhou:1234:virtualborderrouter/vbr-bp1'],
    [vbrWildcardArn('cn-hangzhou', '1234'), 'acs:vpc:cn-hangzhou:1234:virtualborderrouter/*'],
    [physicalConnectionArn('cn-shanghai', '1234', 'pc-uf6'), 'acs:vpc:cn-shanghai:1234:physicalconnection/pc-uf6'],
    [physicalConnectionWildcardArn('cn-shanghai', '1234'), 'acs:vpc:cn-shanghai:1234:physicalconnection/*'],
    [routerInterfaceArn('cn-hangzhou', '1234', 'ri-bp1'), 'acs:vpc:cn-hangzhou:1234:routerinterface/ri-bp1'],
    [vbrHaArn('cn-hangzhou', '1234', 'vbrha-bp1'), 'acs:vpc:cn-hangzhou:1234:vbrha/vbrha-bp1'],
    [ramUserArn('1234', 'alice'), 'acs:ram:*:1234:user/alice'],
    [ramUserWildcardArn('1234'), 'acs:ram:*:1234:user/*'],
    [ramPolicyArn('1234', 'bgp-ops'), 'acs:ram:*:1234:policy/bgp-ops'],
    [ramPolicyArn('1234', 'bgp-ops', 'Custom'), 'acs:ram:*:1234:policy/bgp-ops'],
    [ramPolicyArn('1234', 'AliyunVPCFullAccess', 'System'), 'acs:ram:*:system:policy/AliyunVPCFullAccess'],
    [ramPolicyWildcardArn('1234'), 'acs:ram:*:1234:policy/*'],
  ];
  for (const [got, want] of cases) assert.equal(got, want);
});
