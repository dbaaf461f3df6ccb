import { defineConfig } from 'vitest/config';

// One test run for the whole monorepo: unit tests next to each package,
// cluster tests (real processes, real sockets) under test/.
export default defineConfig({
  test: {
    include: ['packages/*/test/**/*.test.ts', 'test/**/*.test.ts'],
    exclude: ['**/node_modules/**', '**/dist/**'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Two cores: cluster tests start several processes each; keep file parallelism modest.
    maxWorkers: 2,
  },
});
