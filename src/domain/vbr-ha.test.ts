import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ApiError } from '../errors/api-error.js';
import { checkHaPair, type HaCandidate } from './vbr-ha.js';

const vbr = (over: Partial<HaCandidate> = {}): HaCandidate => ({
  id: 'vbr-a',
  accountId: '1',
  accessDeviceId: 'dev-1',
  inPair: false,
  peersWithoutBfd: 0,
  ...over,
});
const codeOf = (a: HaCandidate, b: HaCandidate): string => {
  try {
    checkHaPair('1', a, b);
    return 'ok';
  } catch (e) {
    return (e as ApiError).code;
  }
};

test('a pair is two VBRs of the caller on different devices, neither paired, their BGP peers with BFD', () => {
  const peer = vbr({ id: 'vbr-b', accessDeviceId: 'dev-2' });
  assert.equal(codeOf(vbr(), peer), 'ok');
  assert.equal(codeOf(vbr(), vbr({ id: 'vbr-b', accountId: '2', accessDeviceId: 'dev-2' })), 'OperationFailed.VbrAliUidNotConsistent');
  assert.equal(codeOf(vbr(), vbr()), 'OperationFailed.VbrAccessDeviceSame');
  assert.equal(codeOf(vbr(), vbr({ id: 'vbr-b' })), 'OperationFailed.VbrAccessDeviceSame');
  assert.equal(codeOf(vbr(), { ...peer, inPair: true }), 'OperationFailed.VbrInUsedByOtherHa');
  assert.equal(codeOf(vbr({ peersWithoutBfd: 1 }), peer), 'OperationFailed.VbrBgpPeerNotEnableBfd');
});
