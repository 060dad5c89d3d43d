import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // CLI and end-to-end tests start node processes; the machine has 2 cores.
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
