import type { D1Migration } from 'cloudflare:test';
import type { Env as WorkerEnv } from '../src/env';

interface TestBindings extends WorkerEnv {
  TEST_MIGRATIONS: D1Migration[];
  TEST_PUBLIC_KEY: string;
  TEST_OFFLINE_PUBLIC_KEY: string;
}

declare global {
  namespace Cloudflare {
    // eslint-disable-next-line @typescript-eslint/no-empty-object-type
    interface Env extends TestBindings {}
  }
}
export type TestEnv = TestBindings;
