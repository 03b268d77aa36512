// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';
import reactHooks from 'eslint-plugin-react-hooks';
import { fileURLToPath } from 'node:url';
import { layersPlugin } from './scripts/lib/eslint-layers.mjs';

const root = fileURLToPath(new URL('.', import.meta.url));

/**
 * Type-aware rules (typescript-eslint's projectService): a promise nobody awaits or handles,
 * or a promise where a plain value is expected (an async callback to forEach, an async
 * listener), loses errors silently. Errors everywhere; see the report of issue 10 for counts.
 */
const typeAware = {
  '@typescript-eslint/no-floating-promises': 'error',
  '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { attributes: false } }],
};

/** app/shared runs on both sides (core in Node, the screen in the browser): no Node, no DOM, no app layer. */
const sharedForbidden = {
  patterns: [
    { group: ['node:*', 'fs', 'path', 'crypto', 'os', 'child_process', 'better-sqlite3', 'electron', 'react', 'react-dom', 'react/*', 'react-dom/*'], message: 'app/shared is pure: no Node, no DOM, no React (see DESIGN.md).' },
    { group: ['**/core/**', '**/main/**', '**/server/**', '**/renderer/**', '**/preload/**', '../*'], message: 'app/shared depends on nothing of the app: the other layers import it.' },
  ],
};

export default tseslint.config(
  {
    ignores: [
      '**/node_modules/**', '**/dist/**', '**/out/**', '**/release/**', '**/.wrangler/**',
      '**/coverage/**', '**/test-results/**', '**/artifacts/**', 'licensing-worker/worker-configuration.d.ts',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node }, ecmaVersion: 2023, sourceType: 'module' },
    plugins: { layers: layersPlugin(root) },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-console': 'off',
      // The one table of who may import whom: scripts/lib/eslint-layers.mjs.
      'layers/allowed-imports': 'error',
    },
  },
  {
    files: ['app/**/*.{ts,tsx}', 'licensing-worker/**/*.ts', 'scripts/**/*.ts'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: root } },
    rules: typeAware,
  },
  {
    // The rules of hooks and the React Compiler's rules (purity, refs, set-state-in-effect,
    // immutability, …): `recommended-latest`, with a missing effect dependency an error too.
    files: ['app/renderer/**/*.{ts,tsx}', 'licensing-worker/admin-ui/**/*.js'],
    plugins: { 'react-hooks': reactHooks },
    rules: { ...reactHooks.configs.flat['recommended-latest'].rules, 'react-hooks/exhaustive-deps': 'error' },
  },
  {
    files: ['app/shared/**/*.ts'],
    ignores: ['app/shared/**/*.test.ts'], // tests run in Node
    // Only what runs in Node, the browser and workerd alike: no Node or DOM globals.
    languageOptions: { globals: { ...globals['shared-node-browser'] } },
    rules: {
      'no-restricted-imports': ['error', sharedForbidden],
      'no-restricted-globals': ['error',
        ...['window', 'document', 'navigator', 'localStorage', 'process', 'Buffer', 'require', '__dirname'].map((name) => ({ name, message: 'app/shared runs on both sides: no Node or DOM globals.' }))],
    },
  },
  {
    files: ['app/renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      // Superseded by the layer table; kept until the branches whose renderer tests carry
      // `eslint-disable-next-line no-restricted-imports` have landed (else: unused directives).
      'no-restricted-imports': ['error', {
        patterns: [{ group: ['**/core/**', 'better-sqlite3', 'electron'], allowTypeImports: true, message: 'The renderer talks to core only through the API (IPC or HTTP); `import type` is fine.' }],
      }],
    },
  },
  {
    files: ['licensing-worker/admin-ui/**/*.js'],
    languageOptions: { globals: { ...globals.browser }, sourceType: 'module' },
  },
  {
    files: ['licensing-worker/**/*.ts'],
    languageOptions: { globals: { ...globals.serviceworker } },
  },
);
