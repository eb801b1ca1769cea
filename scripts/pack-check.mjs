// `npm run pack:check`: validates electron-builder.yml and the app's file layout offline. Electron itself
// cannot be downloaded here, so electron-builder packs `--dir` (no installer) for Linux against a stub
// Electron distribution (a placeholder executable); the packed app folder is then checked. Installers
// (dmg, AppImage, deb, nsis) need the real Electron and platform tools and are built elsewhere.
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const require = createRequire(import.meta.url);
const electronVersion = require('electron/package.json').version;

function fail(message) {
  console.error(`pack:check: ${message}`);
  process.exit(1);
}

for (const needed of ['dist/main/app/main.js', 'dist/preload/preload.cjs', 'build/icon.png']) {
  if (!existsSync(needed)) fail(`${needed} is missing (run npm run build:app)`);
}
// Every tray icon the app can ask for (main/app/tray-icons.ts), drawn by build/make-icons.mjs.
const { TRAY_ICON_FILES } = await import('../dist/main/app/tray-icons.js');
const trayIcons = TRAY_ICON_FILES.map((file) => `build/tray/${file}`);
for (const needed of trayIcons) {
  if (!existsSync(needed)) fail(`${needed} is missing (run node build/make-icons.mjs)`);
}

const work = mkdtempSync(join(tmpdir(), 'tokenbench-pack-'));
try {
  const stub = join(work, 'electron-stub');
  mkdirSync(join(stub, 'resources'), { recursive: true });
  writeFileSync(join(stub, 'electron'), '#!/bin/sh\necho "electron stub: not runnable" >&2\nexit 1\n');
  chmodSync(join(stub, 'electron'), 0o755);
  writeFileSync(join(stub, 'version'), electronVersion);
  writeFileSync(join(stub, 'LICENSE'), 'stub');

  const out = join(work, 'out');
  const builder = spawnSync(
    process.execPath,
    [require.resolve('electron-builder/cli.js'), '--linux', '--dir', '--publish', 'never', `-c.electronDist=${stub}`, `-c.directories.output=${out}`],
    { stdio: 'inherit', timeout: 300_000, env: { ...process.env, CSC_IDENTITY_AUTO_DISCOVERY: 'false' } },
  );
  if (builder.status !== 0) fail(`electron-builder failed (exit ${builder.status ?? builder.signal})`);

  const appDir = join(out, 'linux-unpacked');
  const asar = join(appDir, 'resources', 'app.asar');
  if (!existsSync(join(appDir, 'tokenbench-app'))) fail('the packed app has no tokenbench-app executable');
  if (!existsSync(asar)) fail('the packed app has no resources/app.asar');
  const { listPackage } = require('@electron/asar');
  const files = listPackage(asar).map((f) => f.replaceAll('\\', '/'));
  for (const needed of ['/package.json', '/dist/main/app/main.js', '/dist/preload/preload.cjs', ...trayIcons.map((icon) => `/${icon}`)]) {
    if (!files.includes(needed)) fail(`${needed} is not in app.asar`);
  }
  const leaked = files.filter((f) => f.startsWith('/node_modules/node-llama-cpp/') || f.startsWith('/node_modules/electron/') || f.endsWith('.map'));
  if (leaked.length > 0) fail(`app.asar holds excluded files, e.g. ${leaked[0]}`);
  console.log(`pack:check: ok — ${files.length} entries in app.asar, Electron ${electronVersion} (stub), electron-builder.yml valid`);
} finally {
  rmSync(work, { recursive: true, force: true });
}
