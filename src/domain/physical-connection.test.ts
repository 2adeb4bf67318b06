import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ApiError } from '../errors/api-error.js';
import { checkOccupancyOrder, isCircuitBandwidth } from './physical-connection.js';

const codeOf = (p: Parameters<typeof checkOccupancyOrder>[0]): string => {
  try {
    checkOccupancyOrder(p);
    return 'ok';
  } catch (e) {
    return (e as ApiError).code;
  }
};

test('an occupancy order is prepaid, by month (1-9) or year (1-5)', () => {
  assert.equal(codeOf({}), 'ok');
  assert.equal(codeOf({ InstanceChargeType: 'PrePaid', PricingCycle: 'Month', Period: 9 }), 'ok');
  assert.equal(codeOf({ InstanceChargeType: 'PostPaid' }), 'InvalidPhysicalConnectionChargeType.Malformed');
  assert.equal(codeOf({ InstanceChargeType: 'prepaid' }), 'InvalidPhysicalConnectionChargeType.Malformed');
  assert.equal(codeOf({ PricingCycle: 'Week' }), 'InvalidPhysicalConnectionPricingCycle.Malformed');
  assert.equal(codeOf({ Period: 10 }), 'InvalidPhysicalConnectionPeriod.Malformed');
  assert.equal(codeOf({ Period: 0 }), 'InvalidPhysicalConnectionPeriod.Malformed');
  assert.equal(codeOf({ PricingCycle: 'Year', Period: 5 }), 'ok');
  assert.equal(codeOf({ PricingCycle: 'Year', Period: 6 }), 'InvalidPhysicalConnectionPeriod.Malformed');
});

test('a dedicated circuit’s bandwidth is 2 to 10240 Mbit/s, on create as on modify', () => {
  for (const ok of [2, 10, 50, 10240]) assert.equal(isCircuitBandwidth(ok), true, String(ok));
  for (const bad of [0, 1, 10241, 2.5]) assert.equal(isCircuitBandwidth(bad), false, String(bad));
});
