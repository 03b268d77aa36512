// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

/** Imports that would break the layering of DESIGN.md ("Rules of the house"). */
const coreForbidden = {
  paths: [
    { name: 'electron', message: 'app/core is pure TypeScript: no electron (see DESIGN.md).' },
    { name: 'react', message: 'app/core is pure TypeScript: no React (see DESIGN.md).' },
    { name: 'react-dom', message: 'app/core is pure TypeScript: no React (see DESIGN.md).' },
  ],
  patterns: [
    { group: ['electron/*', 'react/*', 'react-dom/*'], message: 'app/core must not import electron or React.' },
    { group: ['**/main/**', '**/server/**', '**/renderer/**', '**/preload/**'], message: 'app/core must not import its transports or the UI.' },
  ],
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
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-console': 'off',
    },
  },
  {
    files: ['app/core/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', coreForbidden] },
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
