// Vitest for examples/vitest alone (the rest of the repository is node:test's).
import { defineConfig } from 'vitest/config';

export default defineConfig({ test: { include: ['*.spec.ts'], testTimeout: 30_000 } });
