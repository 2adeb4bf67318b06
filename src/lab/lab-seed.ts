// The seed file `vbrd lab up` writes next to its state, so the walkthrough's server needs no editing:
// one IPv6-capable region, one access point, one access device with one port per lab circuit, each port's
// far side being that circuit's customer namespace. Timings are short so the walkthrough does not wait.
import { stringify } from 'yaml';
import type { Seed, SeedRegion } from '../config/seed.js';
import type { LabCircuit } from './lab.js';

export const LAB_REGION = 'cn-hangzhou';
export const LAB_ACCESS_POINT = 'ap-cn-hangzhou-yh-B';
export const LAB_DEVICE = 'asw-lab-01';

/** The port a circuit's far side hangs on: circuits get ports in order, so circuit i gets port 1/1/(i+1). */
export function labPortNumber(index: number): string {
  return `1/1/${index + 1}`;
}

export function labSeed(circuits: LabCircuit[]): Pick<Seed, 'regions'> & { timings: Partial<Seed['timings']> } {
  const region: SeedRegion = {
    regionId: LAB_REGION,
    localName: '华东1（杭州）',
    localNameEn: 'China (Hangzhou)',
    endpoint: 'vpc.aliyuncs.com',
    ipv6: true,
    accessPoints: [
      {
        accessPointId: LAB_ACCESS_POINT,
        name: 'vbrd lab',
        nameEn: 'vbrd lab',
        location: 'this machine',
        hostOperator: 'vbrd',
        status: 'recommended',
        devices: [
          {
            deviceId: LAB_DEVICE,
            bfdSessionLimit: 64,
            ports: circuits.map((c, i) => ({ portNumber: labPortNumber(i), farSideNamespace: c.farSideNamespace })),
          },
        ],
      },
    ],
  };
  return { regions: [region], timings: { physicalConnectionAllocateMs: 200, physicalConnectionTransitionMs: 200 } };
}

export function labSeedYaml(circuits: LabCircuit[]): string {
  return (
    '# Written by `vbrd lab up`: the lab circuit ports and their far sides (customer namespaces).\n' +
    '# Use it with: sudo vbrd serve --data-plane frr --seed <this file>\n' +
    stringify(labSeed(circuits))
  );
}
