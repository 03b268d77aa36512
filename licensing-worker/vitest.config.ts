// Worker tests run inside workerd with a real local D1 (migrations applied in test/setup.ts).
// A throwaway Ed25519 key pair is generated here and passed as bindings.
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { cloudflareTest, readD1Migrations } from '@cloudflare/vitest-pool-workers';
import { defineConfig } from 'vitest/config';

const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));

export default defineConfig(async () => {
  const migrations = await readD1Migrations(here('./migrations'));
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const signingKey = privateKey.export({ format: 'der', type: 'pkcs8' }).toString('base64');
  const testPublicKey = publicKey.export({ format: 'der', type: 'spki' }).toString('base64');
  // Offline license files sign with their own key pair (src/offline-files).
  const offline = generateKeyPairSync('ed25519');
  return {
    plugins: [
      cloudflareTest({
        main: here('./src/index.ts'),
        wrangler: { configPath: here('./wrangler.toml') },
        miniflare: {
          bindings: {
            ENVIRONMENT: 'test',
            LICENSE_SIGNING_KEY: signingKey,
            LICENSE_KEY_ID: 'test-k1',
            TEST_PUBLIC_KEY: testPublicKey,
            OFFLINE_LICENSE_SIGNING_KEY: offline.privateKey.export({ format: 'der', type: 'pkcs8' }).toString('base64'),
            OFFLINE_LICENSE_KEY_ID: 'test-offline-1',
            TEST_OFFLINE_PUBLIC_KEY: offline.publicKey.export({ format: 'der', type: 'spki' }).toString('base64'),
            STRIPE_WEBHOOK_SECRET: `whsec_${randomBytes(24).toString('hex')}`,
            PUBLIC_BASE_URL: 'http://worker.test',
            ALLOWED_ORIGINS: 'app://pospal,http://allowed.test',
            TEST_MIGRATIONS: migrations,
          },
        },
      }),
    ],
    test: {
      name: 'worker',
      include: ['test/**/*.test.ts'],
      setupFiles: ['./test/setup.ts'],
      // Node-side fake Stripe and Resend APIs (W-B's billing tests inject their ports).
      globalSetup: [here('./test/global-setup.ts')],
      testTimeout: 30_000,
    },
  };
});
