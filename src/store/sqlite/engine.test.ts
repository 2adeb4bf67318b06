import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runStoreContract } from '../store.contract.js';
import { openStore } from '../open.js';

runStoreContract('sqlite', {
  async fresh() {
    const dir = mkdtempSync(join(tmpdir(), 'vbrd-store-'));
    return { store: await openStore({ dataDir: dir }), reopen: () => openStore({ dataDir: dir }) };
  },
});
