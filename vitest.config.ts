import { defineConfig } from 'vitest/config';

// One run for the whole repository: the app's tests in Node (real SQLite files) and the
// worker's tests inside workerd (licensing-worker/vitest.config.ts, real local D1).
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'app',
          environment: 'node',
          include: ['app/**/*.test.ts', 'app/**/*.test.tsx', 'scripts/**/*.test.ts'],
          testTimeout: 30_000,
          hookTimeout: 120_000,
        },
      },
      './licensing-worker/vitest.config.ts',
    ],
  },
});
