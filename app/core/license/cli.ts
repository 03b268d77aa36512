/**
 * Support CLI for a shop owner on the phone with support:
 *   npm run license -- status | fingerprint | activate <email> <token> | deactivate
 * Prints JSON. Uses POSPAL_DATA_DIR (the shop database) and POSPAL_LICENSE_URL. It runs the
 * device session like the app (the offline allowance is earned only by the session holder, so a
 * sessionless activation could not sell); if the app is running on this computer, its next
 * heartbeat finds its session replaced and it simply starts a new one.
 */
import { openDatabase } from '../db';
import { repairDataDirModes } from '../secrets/file-modes';
import { fileSecretStore, secretsFileOf } from '../secrets/file-store';
import { moveTokenOutOfDb } from '../secrets/move-token';
import { readLicenseConfig } from './config';
import { createFingerprinter } from './fingerprint';
import { createLicenseAgent } from './index';

const USAGE = 'usage: npm run license -- status | fingerprint | activate <email> <token> | deactivate';

export interface CliResult {
  exitCode: number;
  output: unknown;
}

export async function runLicenseCli(argv: string[], env: NodeJS.ProcessEnv = process.env): Promise<CliResult> {
  const [command, ...args] = argv;
  const fingerprinter = createFingerprinter();
  if (command === 'fingerprint') {
    const id = await fingerprinter.identity();
    return { exitCode: 0, output: { fingerprint: id.fingerprint, components: id.components, name: id.name, platform: id.platform } };
  }
  if (!['status', 'activate', 'deactivate'].includes(command ?? '') || (command === 'activate' && args.length !== 2)) {
    return { exitCode: 2, output: { error: { code: 'USAGE', message: USAGE } } };
  }
  const config = readLicenseConfig(env);
  if (!config.ok) return { exitCode: 2, output: { error: config.error } };
  repairDataDirModes(config.config.dataDir);
  const db = openDatabase({ file: config.config.databaseFile });
  // The same file store as the app in browser mode (an Electron app's safeStorage copy is not readable here).
  const secrets = fileSecretStore({ file: secretsFileOf(config.config.dataDir) });
  await moveTokenOutOfDb(db, secrets);
  const agent = createLicenseAgent({
    config: config.config, db, secrets, packaged: false, appVersion: env.npm_package_version ?? '0.0.0', fingerprinter,
  });
  try {
    await agent.start();
    if (command === 'status') {
      const status = await agent.checkNow();
      return { exitCode: 0, output: { licenseUrl: config.config.licenseUrl, databaseFile: config.config.databaseFile, status } };
    }
    const result = command === 'activate' ? await agent.activate(args[0] ?? '', args[1] ?? '') : await agent.deactivate();
    return { exitCode: result.ok ? 0 : 1, output: result };
  } finally {
    await agent.stop();
    db.close();
  }
}

if (process.argv[1] && import.meta.url === new URL(`file://${process.argv[1]}`).href) {
  runLicenseCli(process.argv.slice(2))
    .then(({ exitCode, output }) => {
      process.stdout.write(`${JSON.stringify(output, null, 2)}\n`);
      process.exitCode = exitCode;
    })
    .catch((e: unknown) => {
      const code = typeof e === 'object' && e !== null && 'code' in e ? String((e as { code: unknown }).code) : 'INTERNAL';
      process.stdout.write(`${JSON.stringify({ error: { code, message: e instanceof Error ? e.message : String(e) } }, null, 2)}\n`);
      process.exitCode = 1;
    });
}
