// Test data for the FRR parsers' unit tests (src/speaker/frr/config.test.ts): small excerpts of real FRR 8.4
// output (from a live FRR ↔ BIRD session), just the fields the parsers read.
export const NEIGHBORS_JSON = {
  default: { vrfId: 0, vrfName: 'default' },
  'vbrd-abc': {
    vrfId: 3,
    vrfName: 'vbrd-abc',
    '192.0.2.2': {
      remoteAs: 65001,
      bgpState: 'Established',
      addressFamilyInfo: { ipv4Unicast: { acceptedPrefixCounter: 1, sentPrefixCounter: 2 } },
      peerBfdInfo: { type: 'single hop', status: 'Up' },
    },
    'fd00:250:0:0::2': {
      remoteAs: 65001,
      bgpState: 'Active',
      addressFamilyInfo: { ipv6Unicast: { acceptedPrefixCounter: 0 } },
    },
  },
  'vbrd-def': {
    vrfId: 4,
    vrfName: 'vbrd-def',
    '192.0.2.2': {
      remoteAs: 65001,
      bgpState: 'Idle',
      addressFamilyInfo: { ipv4Unicast: { acceptedPrefixCounter: 0 } },
      peerBfdInfo: { status: 'Down' },
    },
  },
};

export const BFD_PEERS_JSON = [
  { multihop: false, peer: '192.0.2.2', local: '192.0.2.1', vrf: 'vbrd-abc', status: 'up' },
  { multihop: false, peer: '192.0.2.2', local: '192.0.2.1', vrf: 'vbrd-def', status: 'down' },
];

export const BGPD_RUNNING_CONFIG = `Building configuration...

Current configuration:
!
frr version 8.4.4
frr defaults traditional
!
router bgp 45104 vrf vbrd-abc
 bgp router-id 192.0.2.1
 no bgp ebgp-requires-policy
 no bgp default ipv4-unicast
 no bgp network import-check
 neighbor 192.0.2.2 remote-as 65001
 neighbor 192.0.2.2 bfd
 neighbor 192.0.2.2 bfd profile vbrd-abc.sh
 neighbor 192.0.2.2 password old-key
 neighbor 192.0.2.2 timers 10 30
 neighbor 192.0.2.2 timers connect 5
 neighbor 192.0.2.9 remote-as 65009
 neighbor 192.0.2.9 timers connect 5
 !
 address-family ipv4 unicast
  network 203.0.113.0/24
  neighbor 192.0.2.2 activate
  neighbor 192.0.2.2 maximum-prefix 110
  neighbor 192.0.2.9 activate
 exit-address-family
exit
!
router bgp 45104 vrf vbrd-other
 neighbor 198.51.100.1 remote-as 65002
exit
!
end
`;

export const BFDD_RUNNING_CONFIG = `Current configuration:
!
bfd
 profile vbrd-abc.sh
  detect-multiplier 5
  receive-interval 200
 exit
 !
 profile vbrd-other.sh
 exit
 !
exit
!
end
`;
