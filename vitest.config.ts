import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/global-setup.ts'],
    // Each file spawns the real binary many times; a loaded machine is slow, not wrong.
    pool: 'forks',
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
