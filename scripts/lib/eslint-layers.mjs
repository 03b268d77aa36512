// @ts-check
/**
 * The one table of who may import whom (DESIGN.md "Rules of the house"), enforced by the lint
 * rule `layers/allowed-imports`. A file belongs to the first room whose folder contains it; an
 * import is resolved to the room it lands in (relative paths by location, `licensing-worker/
 * protocol` to protocol) and must be listed for the importing room. `types` lists rooms whose
 * types (only `import type`) may be used; `tests` rooms a test file may also import at run time
 * (test harnesses over the real core). Packages are checked against `forbiddenPackages`.
 * Tooling (scripts, e2e) is not a room: it may import anything.
 */
import { dirname, relative, resolve, sep } from 'node:path';

/** Most specific first. */
export const ROOMS = [
  { name: 'protocol', folder: 'licensing-worker/src/protocol' },
  { name: 'worker', folder: 'licensing-worker' },
  { name: 'shared', folder: 'app/shared' },
  { name: 'core', folder: 'app/core' },
  // The browser-mode entry point composes like app/bootstrap.ts does.
  { name: 'bootstrap', folder: 'app/server/main.ts' },
  { name: 'server', folder: 'app/server' },
  { name: 'main', folder: 'app/main' },
  { name: 'preload', folder: 'app/preload' },
  // The renderer's code (its vite.config.ts is build tooling).
  { name: 'renderer', folder: 'app/renderer/src' },
  { name: 'bootstrap', folder: 'app/bootstrap' },
];

const NODE = /^node:/;
const UI = /^(react|react-dom|react-i18next|i18next)(\/|$)/;
const ELECTRON = /^electron(\/|$)/;
const SQLITE = /^better-sqlite3$/;
const SERVER_LIBS = /^(hono|@hono\/)/;

/** @type {Record<string, { may: string[]; types?: string[]; tests?: string[]; forbiddenPackages: RegExp[] }>} */
export const LAYERS = {
  protocol: { may: ['protocol'], forbiddenPackages: [NODE, UI, ELECTRON, SQLITE, SERVER_LIBS] },
  // app/shared is pure (no Node, no DOM), so it runs in workerd too: one UUIDv7, one CSV writer.
  worker: { may: ['worker', 'protocol', 'shared'], forbiddenPackages: [UI, ELECTRON, SQLITE] },
  shared: { may: ['shared'], forbiddenPackages: [NODE, UI, ELECTRON, SQLITE, SERVER_LIBS] },
  core: { may: ['core', 'shared', 'protocol'], forbiddenPackages: [UI, ELECTRON] },
  server: { may: ['server', 'core', 'shared', 'protocol'], tests: ['bootstrap'], forbiddenPackages: [UI, ELECTRON] },
  // main speaks the IPC contract preload declares (app/preload/contract.ts).
  main: { may: ['main', 'core', 'server', 'shared', 'protocol', 'bootstrap', 'preload'], forbiddenPackages: [UI] },
  preload: { may: ['preload', 'shared'], forbiddenPackages: [UI, SQLITE, NODE] },
  renderer: {
    may: ['renderer', 'shared'],
    // Types only: the command contract (core), the IPC bridge's shape (preload's contract).
    types: ['core', 'server', 'protocol', 'preload'],
    tests: ['core', 'server', 'protocol', 'preload'],
    forbiddenPackages: [ELECTRON, SQLITE, NODE],
  },
  bootstrap: { may: ['bootstrap', 'core', 'server', 'shared', 'protocol'], forbiddenPackages: [UI, ELECTRON] },
};

const TEST_FILE = /\.test\.tsx?$|[/\\](testing|test)[/\\]/;

/** @param {string} root @param {string} file */
export function roomOf(root, file) {
  const rel = relative(root, file).split(sep).join('/');
  if (rel.startsWith('..')) return null;
  return ROOMS.find((r) => rel === r.folder || rel.startsWith(`${r.folder}/`) || rel.startsWith(`${r.folder}.`))?.name ?? null;
}

/** @param {string} root @param {string} file @param {string} spec */
function targetOf(root, file, spec) {
  if (spec.startsWith('.')) return { room: roomOf(root, resolve(dirname(file), spec)), pkg: null };
  if (spec === 'licensing-worker/protocol' || spec.startsWith('licensing-worker/protocol/')) return { room: 'protocol', pkg: null };
  if (spec.startsWith('licensing-worker')) return { room: 'worker', pkg: null };
  return { room: null, pkg: spec };
}

/** @param {string} root */
export function layersPlugin(root) {
  /** @type {import('eslint').Rule.RuleModule} */
  const rule = {
    meta: {
      type: 'problem',
      docs: { description: 'Imports follow the layer table of scripts/lib/eslint-layers.mjs' },
      messages: {
        room: "{{from}} may not import {{to}} ('{{spec}}'): see the layer table in scripts/lib/eslint-layers.mjs (DESIGN.md).",
        pkg: "{{from}} may not import the package '{{spec}}': see the layer table in scripts/lib/eslint-layers.mjs (DESIGN.md).",
      },
      schema: [],
    },
    create(context) {
      const file = context.filename;
      const from = roomOf(root, file);
      if (!from) return {};
      const found = LAYERS[from];
      if (!found) return {};
      const layer = found;
      const isTest = TEST_FILE.test(file);
      /** @param {any} node @param {string} spec @param {boolean} typeOnly */
      function check(node, spec, typeOnly) {
        const { room, pkg } = targetOf(root, file, spec);
        if (pkg !== null) {
          if (!typeOnly && !isTest && layer.forbiddenPackages.some((re) => re.test(pkg))) context.report({ node, messageId: 'pkg', data: { from, spec } });
          return;
        }
        if (room === null || layer.may.includes(room)) return;
        if (typeOnly && layer.types?.includes(room)) return;
        if (isTest && layer.tests?.includes(room)) return;
        context.report({ node, messageId: 'room', data: { from, to: room, spec } });
      }
      return {
        ImportDeclaration(node) {
          const typeOnly = /** @type {any} */ (node).importKind === 'type'
            || (node.specifiers.length > 0 && node.specifiers.every((s) => /** @type {any} */ (s).importKind === 'type'));
          check(node, String(node.source.value), typeOnly);
        },
        ExportNamedDeclaration(node) {
          if (node.source) check(node, String(node.source.value), /** @type {any} */ (node).exportKind === 'type');
        },
        ExportAllDeclaration(node) {
          check(node, String(node.source.value), /** @type {any} */ (node).exportKind === 'type');
        },
        ImportExpression(node) {
          if (node.source.type === 'Literal' && typeof node.source.value === 'string') check(node, node.source.value, false);
        },
      };
    },
  };
  return { rules: { 'allowed-imports': rule } };
}
