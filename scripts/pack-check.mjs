// `npm run pack:check`: validates electron-builder.yml and the app's file layout offline. Electron itself
// cannot be downloaded here, so electron-builder packs `--dir` (no installer) for Linux against a stub
// Electron distribution (a placeholder executable); the packed app folder is then checked. Installers
// (dmg, AppImage, deb, nsis) need the real Electron and platform tools and are built elsewhere.
//
// Fuses: the stub executable carries Electron's fuse wire (the sentinel @electron/fuses searches for, the
// wire version and length, then one byte per fuse) in Electron's default state. electron-builder flips it
// from electron-builder.yml's `electronFuses` with @electron/fuses, exactly as it does in a real build;
// this script then reads the wire back out of the packed executable and requires every fuse configured
// there to have flipped. What this proves: the config is read, every key maps to its fuse, and the flip
// reaches the shipped executable. What it cannot prove here: that the real Electron binary's wire has
// this layout (it has since Electron 12; @electron/fuses checks the version byte), the macOS path (fuses
// live in Electron Framework.framework there, and asar integrity needs the hash electron-builder writes
// into Info.plist), and that Electron honours the fuses at run time.
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const require = createRequire(import.meta.url);
const electronVersion = require('electron/package.json').version;

function fail(message) {
  console.error(`pack:check: ${message}`);
  process.exit(1);
}

const { FuseV1Options, getCurrentFuseWire } = require('@electron/fuses');
// @electron/fuses' constants (dist/constants.js), which its index does not export.
const SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX';
const FuseState = { DISABLE: '0'.charCodeAt(0), ENABLE: '1'.charCodeAt(0) };
/** electron-builder.yml `electronFuses` key → its fuse (app-builder-lib's generateFuseConfig). */
const FUSE_KEYS = {
  runAsNode: FuseV1Options.RunAsNode,
  enableCookieEncryption: FuseV1Options.EnableCookieEncryption,
  enableNodeOptionsEnvironmentVariable: FuseV1Options.EnableNodeOptionsEnvironmentVariable,
  enableNodeCliInspectArguments: FuseV1Options.EnableNodeCliInspectArguments,
  enableEmbeddedAsarIntegrityValidation: FuseV1Options.EnableEmbeddedAsarIntegrityValidation,
  onlyLoadAppFromAsar: FuseV1Options.OnlyLoadAppFromAsar,
  loadBrowserProcessSpecificV8Snapshot: FuseV1Options.LoadBrowserProcessSpecificV8Snapshot,
  grantFileProtocolExtraPrivileges: FuseV1Options.GrantFileProtocolExtraPrivileges,
};
/** Electron's own defaults, in wire order: what an unflipped executable says. */
const ELECTRON_DEFAULTS = [true, false, true, true, false, false, false, true];
/** What Tokenbench must ship with, whatever else the file says. */
const REQUIRED = {
  runAsNode: false,
  enableNodeOptionsEnvironmentVariable: false,
  enableNodeCliInspectArguments: false,
  enableEmbeddedAsarIntegrityValidation: true,
  onlyLoadAppFromAsar: true,
  enableCookieEncryption: true,
};

/** The `electronFuses:` block of electron-builder.yml, as `{ key: boolean }`. */
function configuredFuses() {
  const block = /^electronFuses:\n((?:[ \t]+\w+:[ \t]*(?:true|false)[ \t]*\n)+)/m.exec(readFileSync('electron-builder.yml', 'utf8'));
  if (!block) fail('electron-builder.yml has no electronFuses section of `key: true|false` lines');
  const fuses = {};
  for (const [, key, value] of block[1].matchAll(/(\w+):[ \t]*(true|false)/g)) {
    if (!(key in FUSE_KEYS)) fail(`electronFuses.${key} is not a fuse electron-builder knows`);
    fuses[key] = value === 'true';
  }
  for (const [key, value] of Object.entries(REQUIRED)) {
    if (fuses[key] !== value) fail(`electronFuses.${key} must be ${value}`);
  }
  return fuses;
}

/** The fuse wire as Electron lays it out: sentinel, wire version 1, wire length, one '0'/'1' byte per fuse. */
function fuseWire(states) {
  return Buffer.concat([
    Buffer.from(SENTINEL, 'ascii'),
    Buffer.from([1, states.length]),
    Buffer.from(states.map((on) => (on ? FuseState.ENABLE : FuseState.DISABLE))),
  ]);
}

const expectedFuses = configuredFuses();

/** The built-in engine in the packed app: see the header. */
function checkEngine(asar, files, unpackedDir, work) {
  const { extractAll, statFile } = require('@electron/asar');
  // `--linux --dir` packs for this machine's architecture.
  const platformPackage = `linux-${process.arch}`;
  for (const needed of ['/node_modules/node-llama-cpp/package.json', '/node_modules/node-llama-cpp/dist/index.js', '/dist/main/serve/server-child.js']) {
    if (!files.includes(needed)) fail(`${needed} is not in app.asar`);
  }
  // Other platforms' packages keep their small package.json and index (as in node-llama-cpp's guide), never their bins.
  const packageFiles = files.filter((f) => f.startsWith('/node_modules/@node-llama-cpp/') && !('files' in statFile(asar, f.slice(1), false)));
  const binaries = packageFiles.filter((f) => f.split('/')[4] === 'bins');
  const packages = [...new Set(binaries.map((f) => f.split('/')[3]))];
  if (packages.join() !== platformPackage) fail(`app.asar should carry the binaries of @node-llama-cpp/${platformPackage} only, not of: ${packages.join(', ') || 'none'}`);
  const inside = binaries.filter((f) => statFile(asar, f.slice(1), false).unpacked !== true);
  if (inside.length > 0) fail(`${inside[0]} is packed inside app.asar; native code must be unpacked (asarUnpack)`);
  const addon = join(unpackedDir, 'node_modules', '@node-llama-cpp', platformPackage, 'bins', platformPackage, 'llama-addon.node');
  if (!existsSync(addon)) fail(`${addon} is missing: the addon is not unpacked beside app.asar`);
  const demoModel = join(unpackedDir, 'assets', 'models', 'llama-2-tiny-random.gguf');
  if (!existsSync(demoModel)) fail(`${demoModel} is missing: the demo model is not unpacked beside app.asar`);

  const dlopen = spawnSync(
    process.execPath,
    ['-e', `const m = { exports: {} }; process.dlopen(m, ${JSON.stringify(addon)}); process.stdout.write(String(Object.keys(m.exports).length));`],
    { encoding: 'utf8', timeout: 60_000 },
  );
  if (dlopen.status !== 0 || !(Number(dlopen.stdout) > 0)) fail(`the packed llama-addon.node does not load: ${dlopen.stderr.trim().split('\n').at(-1) ?? dlopen.status}`);

  const extracted = join(work, 'extracted');
  extractAll(asar, extracted);
  const serve = spawnSync(
    process.execPath,
    [
      '--input-type=module',
      '-e',
      `const { forkServerChild, startServerProcess } = await import(${JSON.stringify(pathToFileURL(join(extracted, 'dist', 'main', 'serve', 'server-process.js')).href)});
const { demoModelPath } = await import(${JSON.stringify(pathToFileURL(join(extracted, 'dist', 'main', 'serve', 'demo-model.js')).href)});
if (demoModelPath() !== ${JSON.stringify(join(extracted, 'assets', 'models', 'llama-2-tiny-random.gguf'))}) throw new Error('the packed app looks for its demo model at ' + demoModelPath());
const server = await startServerProcess(forkServerChild, { gguf: demoModelPath(), port: 0, parallel: 1, queue: 1 });
const tags = await (await fetch(server.url + '/api/tags')).json();
await server.close();
process.stdout.write(tags.models[0].name);`,
    ],
    { encoding: 'utf8', timeout: 120_000 },
  );
  if (serve.status !== 0 || serve.stdout !== 'llama-2-tiny-random') {
    fail(`the packed engine does not serve the demo model: ${(serve.stderr || serve.stdout).trim().split('\n').slice(-3).join(' / ')}`);
  }
  console.log(`pack:check: the engine is packed — node-llama-cpp in app.asar, @node-llama-cpp/${platformPackage} (${binaries.length} files) and the demo model unpacked; the addon loads and the packed engine serves the demo model`);
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
  // The shell stops at `exit`; the fuse wire after it is for @electron/fuses, as in the real binary.
  writeFileSync(
    join(stub, 'electron'),
    Buffer.concat([Buffer.from('#!/bin/sh\necho "electron stub: not runnable" >&2\nexit 1\n'), fuseWire(ELECTRON_DEFAULTS), Buffer.from('\n')]),
  );
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
  const excluded = ['/node_modules/electron/', '/node_modules/@napi-rs/', '/node_modules/modern-gif/', '/node_modules/mediabunny/'];
  const leaked = files.filter((f) => excluded.some((prefix) => f.startsWith(prefix)) || f.endsWith('.map'));
  if (leaked.length > 0) fail(`app.asar holds excluded files, e.g. ${leaked[0]}`);
  checkEngine(asar, files, join(appDir, 'resources', 'app.asar.unpacked'), work);

  const wire = await getCurrentFuseWire(join(appDir, 'tokenbench-app'));
  const flipped = [];
  for (const [key, on] of Object.entries(expectedFuses)) {
    const state = wire[FUSE_KEYS[key]];
    const want = on ? FuseState.ENABLE : FuseState.DISABLE;
    if (state !== want) fail(`fuse ${key} is ${state === FuseState.ENABLE ? 'on' : 'off'} in the packed executable; electron-builder.yml says ${on}`);
    if (ELECTRON_DEFAULTS[FUSE_KEYS[key]] !== on) flipped.push(key);
  }
  console.log(`pack:check: fuses as configured in the packed executable (${flipped.length} flipped from Electron's defaults: ${flipped.join(', ')})`);
  console.log(`pack:check: ok — ${files.length} entries in app.asar, Electron ${electronVersion} (stub), electron-builder.yml valid`);
} finally {
  rmSync(work, { recursive: true, force: true });
}
