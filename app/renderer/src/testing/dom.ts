/**
 * happy-dom for component tests that also run the real core. Import this FIRST in a test file
 * marked `// @vitest-environment node`.
 *
 * Why not `@vitest-environment happy-dom`: that environment makes Vite transform modules for
 * the browser, which rewrites core's `new URL('./migrations', import.meta.url)` to an http URL,
 * so core's database cannot find its migrations. Here the modules keep Node's transform and
 * the same happy-dom window is installed as globals (as Vitest's own environment does, minus
 * URL/fetch, which stay Node's).
 */
import { GlobalWindow } from 'happy-dom';
import { populateGlobal } from 'vitest/environments';
import { afterAll } from 'vitest';

const win = new GlobalWindow({ url: 'http://localhost:3000', width: 1024, height: 768, settings: { disableErrorCapturing: true } });
const { keys, originals } = populateGlobal(globalThis, win, { bindFunctions: true });
// React's act() environment flag, as Testing Library expects.
(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

afterAll(async () => {
  await win.happyDOM.abort();
  win.close();
  for (const key of keys) delete (globalThis as Record<string, unknown>)[key];
  originals.forEach((v, k) => { (globalThis as Record<string | symbol, unknown>)[k] = v; });
});
