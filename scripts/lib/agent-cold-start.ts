// One cold start of the license agent, in its own fresh Node process (spawned by
// scripts/bench-agent.ts): module load, fingerprint read from the machine, key import, cache
// read and Ed25519 verify, with the network cut. Prints one JSON line of timings.
// Env: BENCH_DIR (data dir with pospal.db + secrets), BENCH_KID, BENCH_PUBLIC_KEY, BENCH_CLOSED_URL.
import { performance } from 'node:perf_hooks';

const t0 = performance.now();
const [{ openDatabase }, { createAgent }, { createLicenseClient }, { createFingerprinter }, { trustedKeys }, { fileSecretStore, secretsFileOf }, { systemClock }, { join }] = await Promise.all([
  import('../../app/core/db'),
  import('../../app/core/license/agent'),
  import('../../app/core/license/client'),
  import('../../app/core/license/fingerprint'),
  import('../../app/core/license/keys'),
  import('../../app/core/secrets/file-store'),
  import('../../app/core/clock'),
  import('node:path'),
]);
const tImported = performance.now();
const dir = process.env.BENCH_DIR ?? '';
const keys = trustedKeys({ packaged: false, builtIn: {}, extraKeys: { [process.env.BENCH_KID ?? '']: process.env.BENCH_PUBLIC_KEY ?? '' } });
const db = openDatabase({ file: join(dir, 'pospal.db') });
const agent = createAgent({
  db,
  secrets: fileSecretStore({ file: secretsFileOf(dir) }),
  keys,
  client: createLicenseClient({ baseUrl: process.env.BENCH_CLOSED_URL ?? 'http://127.0.0.1:9' }),
  fingerprinter: createFingerprinter(),
  clock: systemClock,
  timers: { setTimeout: () => 0, clearTimeout: () => {} },
});
const status = await agent.start();
const tUnlocked = performance.now();
db.close();
console.log(JSON.stringify({ processToUnlockedMs: tUnlocked, importMs: tImported - t0, unlockMs: tUnlocked - tImported, canSell: status.canSell, state: status.state }));
