// Captured vectors: signatures the real SDKs produced, secret "testsecret".
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { v1Sign, v1StringToSign } from './signature-v1.js';
import { parseV3Authorization, v3CanonicalRequest, v3Sign } from './signature-v3.js';

const SECRET = 'testsecret';
const EMPTY_SHA = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';

function v1(method: string, raw: string): string {
  const params = new Map(new URLSearchParams(raw));
  return v1Sign(SECRET, v1StringToSign(method, params));
}

test('V1: the documentation vector', () => {
  const params = new Map(
    Object.entries({
      Timestamp: '2016-02-23T12:46:24Z',
      Format: 'XML',
      AccessKeyId: 'testid',
      Action: 'DescribeRegions',
      SignatureMethod: 'HMAC-SHA1',
      SignatureNonce: '3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf',
      Version: '2014-05-26',
      SignatureVersion: '1.0',
    }),
  );
  assert.equal(v1Sign(SECRET, v1StringToSign('GET', params)), 'OLeaidS1JvxuMvnyHOwuJ+uX5qY=');
});

test('V1: TS SDK with signatureAlgorithm v2 (everything in the query, POST)', () => {
  const q =
    'Action=DeleteBgpPeer&Format=json&Version=2016-04-28&Timestamp=2026-11-25T21%3A06%3A07Z&SignatureNonce=55c0bd40cdd74b47f6ae0fbd4aec2f7eb5b026198e230519449003f4cc847e32&BgpPeerId=bgp-1&RegionId=cn-shanghai&SignatureMethod=HMAC-SHA1&SignatureVersion=1.0&AccessKeyId=testid';
  const params = new Map(new URLSearchParams(q));
  assert.equal(
    v1StringToSign('POST', params),
    'POST&%2F&AccessKeyId%3Dtestid%26Action%3DDeleteBgpPeer%26BgpPeerId%3Dbgp-1%26Format%3Djson%26RegionId%3Dcn-shanghai%26SignatureMethod%3DHMAC-SHA1%26SignatureNonce%3D55c0bd40cdd74b47f6ae0fbd4aec2f7eb5b026198e230519449003f4cc847e32%26SignatureVersion%3D1.0%26Timestamp%3D2026-11-25T21%253A06%253A07Z%26Version%3D2016-04-28',
  );
  assert.equal(v1('POST', q), 'UdHGotaY9MOeLcdPWwOMOpThE7c=');
});

test('V1: pop-core POST (form body) and GET (query)', () => {
  assert.equal(
    v1(
      'POST',
      'AccessKeyId=testid&Action=CreateBgpPeer&BgpGroupId=bgpg-1&EnableBfd=true&Format=JSON&RegionId=cn-shanghai&SignatureMethod=HMAC-SHA1&SignatureNonce=ef3c8a64d2d6e688025aaab5f7337332&SignatureVersion=1.0&Timestamp=2026-11-25T21%3A06%3A07Z&Version=2016-04-28',
    ),
    'RXVmZFODSOHW70z8kTTudsQspI4=',
  );
  assert.equal(
    v1(
      'GET',
      'AccessKeyId=testid&Action=DescribeBgpGroups&Format=JSON&RegionId=cn-shanghai&RouterId=vbr-1&SignatureMethod=HMAC-SHA1&SignatureNonce=ca097a95d2b3e9d838aba391f48b1013&SignatureVersion=1.0&Timestamp=2026-11-25T21%3A06%3A07Z&Version=2016-04-28',
    ),
    'Waw51Y2Khk5PK0pH4Zh6t+OarfA=',
  );
});

function v3(query: string, action: string, nonce: string, extra: Record<string, string> = {}, provider = 'static_ak') {
  const headers: Record<string, string> = {
    host: '127.0.0.1:18080',
    'x-acs-action': action,
    'x-acs-version': '2016-04-28',
    'x-acs-date': '2026-11-25T21:06:07Z',
    'x-acs-signature-nonce': nonce,
    'x-acs-content-sha256': EMPTY_SHA,
    'x-acs-credentials-provider': provider,
    ...extra,
  };
  const signed = Object.keys(headers).sort();
  const canonical = v3CanonicalRequest('POST', [...new URLSearchParams(query)], (h) => headers[h], signed, EMPTY_SHA);
  return { canonical, signature: v3Sign(SECRET, canonical) };
}

test('V3: CreateBgpGroup with characters that need encoding', () => {
  const { canonical, signature } = v3(
    'Description=a%20b%2Bc&IsFakeAsn=false&Name=test%20group*()!~&PeerAsn=65001&RegionId=cn-shanghai&RouterId=vbr-abc',
    'CreateBgpGroup',
    'c56ea3e5cdeab415931bb0126a9923f543e7fc3eb25162d9d62d3802320b0b63',
  );
  assert.equal(
    canonical.split('\n')[2],
    'Description=a%20b%2Bc&IsFakeAsn=false&Name=test%20group%2A%28%29%21~&PeerAsn=65001&RegionId=cn-shanghai&RouterId=vbr-abc',
  );
  assert.equal(signature, 'b2831f48ace43206ff8b76ec93fd82d0b745fd12eb239500166c43c1c2142c5d');
});

test('V3: repeat lists (Filter.N.Value.M, Tags.N.Key)', () => {
  const { signature } = v3(
    'Filter.1.Key=VbrId&Filter.1.Value.1=vbr-1&Filter.1.Value.2=vbr-2&Filter.2.Key=Status&Filter.2.Value.1=active&PageSize=50&RegionId=cn-shanghai&Tags.1.Key=k1&Tags.1.Value=v1',
    'DescribeVirtualBorderRouters',
    '9f06bd56f41f94fea5745a978b4d63fad7358de85502dce962afdf2175c8a665',
  );
  assert.equal(signature, 'e2a4b935e281d7914b784dd8d46e9a9cc268e968298058bfb3d47f017ac77420');
});

test('V3: STS credentials sign the extra x-acs headers', () => {
  const { signature } = v3(
    'AcceptLanguage=en-US',
    'DescribeRegions',
    '03b20db642af7954458d1400efec0f3aa602c87e8f5ed4a113269252403ba06b',
    { 'x-acs-accesskey-id': 'testid', 'x-acs-security-token': 'STS.token123' },
    'static_sts',
  );
  assert.equal(signature, '2d54a837648ef0966dcde40d138b02a8238da1b182746c39a96c6721abf7a5c4');
});

test('V3: Authorization header parsing', () => {
  assert.deepEqual(parseV3Authorization('ACS3-HMAC-SHA256 Credential=testid,SignedHeaders=host;X-Acs-Date,Signature=ab12'), {
    algorithm: 'ACS3-HMAC-SHA256',
    accessKeyId: 'testid',
    signedHeaders: ['host', 'x-acs-date'],
    signature: 'ab12',
  });
  assert.equal(parseV3Authorization('ACS3-HMAC-SHA256 Credential=testid'), undefined);
  assert.equal(parseV3Authorization('garbage'), undefined);
});
