// Which mounts zebra can see in the provider mount namespace's /run/netns, from mountinfo as it was read in
// the holder of a vbrd restarted after a graceful stop (issue 25): the copies of the host's namespace mounts
// are still listed under the tmpfs but hidden by it, so they must not count as exposed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseMountinfo, visibleNetnsMounts } from './mount-namespace.js';

const HOLDER_AFTER_RESTART = [
  '22 1 254:0 / / rw,relatime - ext4 /dev/vda rw',
  '81 22 254:0 /run/netns /run/netns rw,relatime - ext4 /dev/vda rw,discard',
  '82 81 0:4 net:[4026532173] /run/netns/vbrd-lab-cust1 rw - nsfs nsfs rw',
  '83 81 0:4 net:[4026532305] /run/netns/vbrd-0mxduo8x8000j5oprni9v rw - nsfs nsfs rw',
  '84 81 0:4 net:[4026532239] /run/netns/vbrd-host rw - nsfs nsfs rw',
  '87 81 0:40 / /run/netns rw,relatime - tmpfs vbrd-netns rw,size=1024k,mode=755',
  '',
].join('\n');

test('mountinfo lines: id, parent, root (the namespace an nsfs mount binds), mount point, type and source', () => {
  const m = parseMountinfo('83 81 0:4 net:[4026532305] /run/netns/a\\040b rw shared:4 - nsfs nsfs rw\n');
  assert.deepEqual(m, [{ id: 83, parent: 81, root: 'net:[4026532305]', mountPoint: '/run/netns/a b', fsType: 'nsfs', source: 'nsfs' }]);
});

test('namespace mounts hidden under our tmpfs are not visible; those stacked on it are', () => {
  assert.deepEqual([...visibleNetnsMounts(parseMountinfo(HOLDER_AFTER_RESTART)).keys()], []);
  const exposed = HOLDER_AFTER_RESTART + '88 87 0:4 net:[4026532305] /run/netns/.vbrd-bound/vbrd-0mxduo8x8000j5oprni9v rw - nsfs nsfs rw\n';
  const visible = visibleNetnsMounts(parseMountinfo(exposed));
  assert.deepEqual([...visible.keys()], ['/run/netns/.vbrd-bound/vbrd-0mxduo8x8000j5oprni9v']);
  assert.equal(visible.get('/run/netns/.vbrd-bound/vbrd-0mxduo8x8000j5oprni9v')?.root, 'net:[4026532305]');
});

test('without our tmpfs at /run/netns nothing is visible to zebra through it', () => {
  const hostOnly = HOLDER_AFTER_RESTART.split('\n')
    .filter((l) => !l.includes('tmpfs'))
    .join('\n');
  assert.equal(visibleNetnsMounts(parseMountinfo(hostOnly)).size, 0);
});
