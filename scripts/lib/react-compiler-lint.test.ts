// The React Compiler rules (react-hooks recommended-latest) run on the renderer with the
// repository's own ESLint config: an impure render, a ref written while rendering and a
// synchronous setState in an effect are each reported.
import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));

async function rules(code: string, file: string): Promise<string[]> {
  const eslint = new ESLint({ cwd: root });
  const [result] = await eslint.lintText(code, { filePath: `${root}${file}` });
  return (result?.messages ?? []).map((m) => m.ruleId ?? m.message);
}

const SCREEN = `import { useEffect, useRef, useState } from 'react';
export function Clock({ value }: { value: string }) {
  const now = Date.now();
  const latest = useRef(value);
  latest.current = value;
  const [shown, setShown] = useState(value);
  useEffect(() => { setShown(value); }, [value]);
  return <p>{now} {shown}</p>;
}
`;

describe('React Compiler lint rules', () => {
  it('report purity, refs and set-state-in-effect in renderer code (linted as a file the project knows)', async () => {
    const found = await rules(SCREEN, 'app/renderer/src/license/OfflineBanner.tsx');
    expect(found).toEqual(expect.arrayContaining(['react-hooks/purity', 'react-hooks/refs', 'react-hooks/set-state-in-effect']));
  }, 60_000);
});
