// The layer table is enforced: a forbidden import in each room is reported, an allowed one is not.
import { Linter } from 'eslint';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import tseslint from 'typescript-eslint';
import { describe, expect, it } from 'vitest';
import { layersPlugin, roomOf } from './eslint-layers.mjs';

const root = fileURLToPath(new URL('../..', import.meta.url));
const linter = new Linter({ configType: 'flat' });
const config = [{
  files: ['**/*.ts', '**/*.tsx'],
  languageOptions: { parser: tseslint.parser as Linter.Parser, sourceType: 'module' as const },
  plugins: { layers: layersPlugin(root) },
  rules: { 'layers/allowed-imports': 'error' as const },
}];

function problems(file: string, code: string): string[] {
  return linter.verify(code, config, { filename: join(root, file) }).map((m) => m.message);
}

describe('layer table (layers/allowed-imports)', () => {
  it.each([
    ['app/core/pos/x.ts', "import { startServer } from '../../server/http-app';", /core may not import server/],
    ['app/core/license/x.ts', "import { app } from 'electron';", /core may not import the package 'electron'/],
    ['app/core/x.ts', "import React from 'react';", /package 'react'/],
    ['app/shared/x.ts', "import { readFileSync } from 'node:fs';", /shared may not import the package 'node:fs'/],
    ['app/shared/x.ts', "import { createApi } from '../core/api';", /shared may not import core/],
    ['app/server/x.ts', "import { App } from '../renderer/src/App';", /server may not import renderer/],
    ['app/server/x.ts', "import { BrowserWindow } from 'electron';", /package 'electron'/],
    ['app/renderer/src/x.tsx', "import { createApi } from '../../core/api';", /renderer may not import core/],
    ['app/renderer/src/x.tsx', "import Database from 'better-sqlite3';", /package 'better-sqlite3'/],
    ['app/preload/x.ts', "import { createApi } from '../core/api';", /preload may not import core/],
    ['licensing-worker/src/x.ts', "import { createApi } from '../../app/core/api';", /worker may not import core/],
    ['licensing-worker/src/protocol/x.ts', "import { db } from '../db/database';", /protocol may not import worker/],
    ['licensing-worker/src/protocol/x.ts', "import { Hono } from 'hono';", /package 'hono'/],
    ['licensing-worker/src/protocol/x.ts', "import { uuidv7 } from '../../../app/shared/uuid';", /protocol may not import shared/],
    ['app/core/x.ts', "export { x } from '../main/index';", /core may not import main/],
    ['app/core/x.ts', "const m = await import('../server/http-app');", /core may not import server/],
  ])('%s: %s is refused', (file, code, message) => {
    expect(problems(file, code)).toEqual([expect.stringMatching(message)]);
  });

  it.each([
    ['app/core/license/x.ts', "import { verifyLicenseFile } from 'licensing-worker/protocol';"],
    ['app/core/x.ts', "import { z } from 'zod';"],
    ['app/server/x.ts', "import { createApi } from '../core/api';"],
    ['app/main/x.ts', "import { app } from 'electron'; import { IPC_CALL } from '../preload/contract'; import { startPosPal } from '../bootstrap';"],
    ['app/renderer/src/x.tsx', "import type { PosErrorCode } from '../../core/errors'; import { useState } from 'react';"],
    ['app/renderer/src/x.test.tsx', "import { createApi } from '../../core/api';"],
    ['app/server/main.ts', "import { startPosPal } from '../bootstrap';"],
    ['licensing-worker/src/x.ts', "import { checkoutRequestSchema } from './protocol/billing';"],
    ['licensing-worker/src/x.ts', "import { uuidv7 } from '../../app/shared/uuid';"],
    ['scripts/x.ts', "import { createApi } from '../app/core/api';"],
  ])('%s: %s is allowed', (file, code) => {
    expect(problems(file, code)).toEqual([]);
  });

  it('a type-only import is not a licence for a run-time one', () => {
    expect(problems('app/renderer/src/x.tsx', "import { type PosErrorCode, toErrorValue } from '../../core/errors';")).toHaveLength(1);
    expect(problems('app/renderer/src/x.tsx', "import { type PosErrorCode } from '../../core/errors';")).toEqual([]);
  });

  it('knows every room by its folder', () => {
    expect(['app/core/a.ts', 'app/shared/a.ts', 'app/server/a.ts', 'app/main/a.ts', 'app/preload/a.ts', 'app/renderer/src/a.tsx', 'licensing-worker/src/a.ts', 'licensing-worker/src/protocol/a.ts', 'app/bootstrap.ts', 'scripts/a.ts']
      .map((f) => roomOf(root, join(root, f)))).toEqual(['core', 'shared', 'server', 'main', 'preload', 'renderer', 'worker', 'protocol', 'bootstrap', null]);
  });
});
