// What a user's test file does with the installed package (test/package/pack.test.ts runs it).
import { startVbrd } from 'vbrd';
import { createFixture } from 'vbrd/testing';

const vbrd = await startVbrd();
try {
  const f = await createFixture(vbrd);
  console.log(`fixture ${f.vbrId} ${f.bgpGroupId}`);
} finally {
  await vbrd.close();
}
