import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));

async function problems(code: string, file: string): Promise<string[]> {
  const eslint = new ESLint({ cwd: root });
  const [result] = await eslint.lintText(code, { filePath: `${root}${file}` });
  return (result?.messages ?? []).map((m) => `${m.ruleId}: ${m.message}`);
}

describe('app/shared stays pure (lint rule)', () => {
  it('refuses Node, DOM globals and the app layers in app/shared', async () => {
    const found = await problems(
      "import { readFileSync } from 'node:fs';\nimport { PosError } from '../core/errors';\nexport const x = [readFileSync, PosError, document.title, process.env];\n",
      // Linted as the text of a file the type-aware project knows (a probe file it doesn't would not parse).
      'app/shared/money.ts',
    );
    expect(found.filter((m) => m.startsWith('no-restricted-imports'))).toHaveLength(2);
    expect(found.filter((m) => m.startsWith('no-restricted-globals'))).toHaveLength(2);
  });

  it('lets core and the renderer import it', async () => {
    expect(await problems("import { parseCsv } from '../../../shared/csv';\nexport const p = parseCsv;\n", 'app/core/pos/catalog/menu-transfer.ts')).toEqual([]);
    expect(await problems("import { parseDecimal } from '../../shared/money';\nexport const p = parseDecimal;\n", 'app/renderer/src/format.ts')).toEqual([]);
  });
});
