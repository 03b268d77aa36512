/** Where the built pieces live, relative to the app root (the repo, or app.asar when packaged). */
import { join } from 'node:path';

export interface AppPaths {
  renderer: string;
  preload: string;
  icons: string;
}

export function appPaths(appRoot: string, resourcesPath: string, packaged: boolean): AppPaths {
  return {
    renderer: join(appRoot, 'dist', 'renderer'),
    preload: join(appRoot, 'dist', 'preload', 'index.cjs'),
    // electron-builder copies build/icons into resources (extraResources in electron-builder.yml).
    icons: packaged ? join(resourcesPath, 'icons') : join(appRoot, 'build', 'icons'),
  };
}
