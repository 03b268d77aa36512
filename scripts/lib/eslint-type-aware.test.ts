// The repository's own ESLint config runs the type-aware promise rules (projectService) on
// core: a floating promise and an async callback where a void one is expected are errors;
// and the rules of hooks on the renderer.
import { ESLint } from 'eslint';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));

describe('type-aware lint (eslint.config.js)', () => {
  it('reports no-floating-promises and no-misused-promises in app/core', async () => {
    const eslint = new ESLint({ cwd: root });
    const code = [
      'export async function save(): Promise<void> {}',
      'export function tick(): void {',
      '  save();',
      '  [1, 2].forEach(async () => { await save(); });',
      '  void save();',
      '}',
      '',
    ].join('\n');
    // An existing file of the project, linted with other text: the project service types it.
    const [result] = await eslint.lintText(code, { filePath: join(root, 'app/core/clock.ts') });
    expect(result!.messages.map((m) => [m.ruleId, m.line])).toEqual([
      ['@typescript-eslint/no-floating-promises', 3],
      ['@typescript-eslint/no-misused-promises', 4],
    ]);
  }, 180_000);

  it('reports a hook called conditionally in the renderer (react-hooks/rules-of-hooks)', async () => {
    const eslint = new ESLint({ cwd: root });
    const code = [
      "import { useState } from 'react';",
      'export function useThing(on: boolean): number {',
      '  if (on) { const [n] = useState(1); return n; }',
      '  return 0;',
      '}',
      '',
    ].join('\n');
    const [result] = await eslint.lintText(code, { filePath: join(root, 'app/renderer/src/hooks/useApi.ts') });
    expect(result!.messages.map((m) => m.ruleId)).toEqual(['react-hooks/rules-of-hooks']);
  }, 180_000);
});
