import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: {
    // A bare `require('electron')` on Node tries to download the Electron binary; tests never need it.
    alias: { electron: fileURLToPath(new URL('./test/support/electron-stub.ts', import.meta.url)) },
  },
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: 'forks',
  },
});
