#!/usr/bin/env node
// `npm test`: every test of the repository, then a coverage summary and one closing line with
// the totals, `tests: N passed, N failed, N skipped`. Two Vitest runs, because coverage has one
// provider per run: the app's tests in Node with V8 coverage, the worker's tests inside workerd
// with istanbul (the workers pool can't use V8 coverage). Reports: test-results/coverage/{app,worker}.
// With `--project …` among the arguments, one plain run of what was asked (no coverage).
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const outDir = join(root, 'test-results');
mkdirSync(outDir, { recursive: true });

const env = {
  ...process.env,
  WRANGLER_SEND_METRICS: 'false',
  CLOUDFLARE_CF_FETCH_ENABLED: 'false',
};
const extra = process.argv.slice(2);

const coverage = (provider, name, include) => [
  '--coverage.enabled', `--coverage.provider=${provider}`, '--coverage.reporter=text-summary', '--coverage.reporter=json-summary',
  `--coverage.reportsDirectory=${join('test-results', 'coverage', name)}`, ...include.map((g) => `--coverage.include=${g}`),
];

const runs = extra.includes('--project')
  ? [{ name: 'all', args: [] }]
  : [
      { name: 'app', args: ['--project', 'app', '--passWithNoTests', ...coverage('v8', 'app', ['app/**', 'scripts/**']), '--coverage.exclude=app/e2e/**'] },
      { name: 'worker', args: ['--project', 'worker', '--passWithNoTests', ...coverage('istanbul', 'worker', ['licensing-worker/src/**'])] },
    ];

let passed = 0, failed = 0, skipped = 0, code = 0;
for (const run of runs) {
  const report = join(outDir, `vitest-${run.name}.json`);
  rmSync(report, { force: true });
  const args = ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${report}`, ...run.args, ...extra];
  const result = spawnSync('npx', args, { cwd: root, stdio: 'inherit', env });
  let runFailed = 0;
  if (existsSync(report)) {
    const r = JSON.parse(readFileSync(report, 'utf8'));
    passed += r.numPassedTests ?? 0;
    runFailed = (r.numFailedTests ?? 0) + (r.numFailedTestSuites && !r.numFailedTests ? r.numFailedTestSuites : 0);
    skipped += (r.numPendingTests ?? 0) + (r.numTodoTests ?? 0);
  }
  const status = result.status ?? 1;
  if (status !== 0 && runFailed === 0) runFailed = 1; // a crash of the runner itself is a failure
  failed += runFailed;
  if (status !== 0) code = status;
}

for (const run of runs) {
  const summary = join(outDir, 'coverage', run.name, 'coverage-summary.json');
  if (!existsSync(summary)) continue;
  const t = JSON.parse(readFileSync(summary, 'utf8')).total;
  const pct = (k) => `${k} ${t[k].pct}%`;
  console.log(`coverage ${run.name}: ${['lines', 'statements', 'functions', 'branches'].map(pct).join(', ')}`);
}
console.log(`\ntests: ${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(code);
