// Commands are imported only when run, so `tokenbench report` (or run against a server) never loads
// the built-in engine and llama.cpp's native addon. Checked in a child process running the built CLI
// under a module hook that records every module it resolves.
import { execFile } from 'node:child_process';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { tinyModel } from '../support/fixtures.js';
import { assertBuilt, REPO_ROOT } from './cli-process.js';

const BUILT_MAIN = pathToFileURL(fileURLToPath(new URL('../../dist/main/cli/main.js', import.meta.url))).href;

const HOOK = `
let port;
export function initialize(data) { port = data.port; }
export async function resolve(specifier, context, next) {
  const resolved = await next(specifier, context);
  port.postMessage(resolved.url);
  return resolved;
}`;

const CHILD = `
import { register } from 'node:module';
import { MessageChannel } from 'node:worker_threads';
const { port1, port2 } = new MessageChannel();
const loaded = [];
port1.on('message', (url) => loaded.push(url));
register('data:text/javascript,' + encodeURIComponent(${JSON.stringify(HOOK)}), { data: { port: port2 }, transferList: [port2] });
const { main } = await import(${JSON.stringify(BUILT_MAIN)});
const code = await main(JSON.parse(process.argv[1]), {
  stdout: process.stderr, stderr: process.stderr, onInterrupt: () => () => {}, quitNow: () => process.exit(99),
});
await new Promise((r) => setTimeout(r, 200));
port1.close();
process.stdout.write(JSON.stringify({ code, loaded }));
`;

/** Runs `tokenbench …argv` in a fresh process; the exit code and every module URL it resolved. */
function modulesLoadedBy(argv: string[]): Promise<{ code: number; loaded: string[] }> {
  return new Promise((resolve, reject) => {
    execFile(process.execPath, ['--input-type=module', '-e', CHILD, JSON.stringify(argv)], { cwd: REPO_ROOT, timeout: 30_000 }, (error, stdout, stderr) => {
      if (error) reject(new Error(`${error.message}\n${stderr}`));
      else resolve(JSON.parse(stdout) as { code: number; loaded: string[] });
    });
  });
}

const ENGINE = /node-llama-cpp|\/main\/serve\/index\.js$/;

describe('commands load on demand', () => {
  beforeAll(() => assertBuilt());

  it.each([
    [['report', 'no-such-run', '--format', 'html'], '/main/cli/report-command.js'],
    [['compare', 'no-such-a', 'no-such-b'], '/main/cli/compare-command.js'],
    [['import-legacy', 'no-such-dir', '--out', 'no-such-run'], '/main/cli/import-legacy-command.js'],
    [['run', '--url', 'http://127.0.0.1:9', '--telemetry', 'none'], '/main/cli/run-command.js'],
    [['playback', '--out', 'no-such-clip.webm'], '/main/cli/playback-command.js'],
    [['rank', 'no-such-a', 'no-such-b'], '/main/cli/rank-command.js'],
    [['history', '--min-speed', 'fast'], '/main/cli/history-command.js'],
  ])('%j loads its implementation and not the engine', async (argv, implementation) => {
    const { code, loaded } = await modulesLoadedBy(argv);
    expect(code).toBe(2); // each fails on its missing input, after loading everything it needs
    expect(loaded.some((url) => url.endsWith(implementation))).toBe(true);
    expect(loaded.filter((url) => ENGINE.test(url))).toEqual([]);
    expect(loaded.filter((url) => /\/main\/cli\/[a-z-]+-command\.js$/.test(url))).toEqual([loaded.find((url) => url.endsWith(implementation))]);
  });

  it('servers loads discovery, not the engine', async () => {
    const { code, loaded } = await modulesLoadedBy(['servers', '--json']);
    expect(code).toBe(0);
    expect(loaded.some((url) => url.endsWith('/main/cli/servers-command.js'))).toBe(true);
    expect(loaded.filter((url) => ENGINE.test(url))).toEqual([]);
  });

  it('run --gguf benchmarks the engine without loading it: llama.cpp runs in a process of its own', async () => {
    const out = mkdtempSync(join(tmpdir(), 'tokenbench-lazy-'));
    const argv = ['run', '--gguf', tinyModel, '--concurrency', '1', '--max-tokens', '2', '--no-warmup', '--telemetry', 'none', '--out', out];
    const { code, loaded } = await modulesLoadedBy(argv);
    expect(code).toBe(0);
    expect(loaded.some((url) => url.endsWith('/main/serve/server-process.js'))).toBe(true);
    expect(loaded.filter((url) => ENGINE.test(url))).toEqual([]);
  });

  it('serve loads the engine (the hook sees lazy imports)', async () => {
    const { code, loaded } = await modulesLoadedBy(['serve', '--gguf', 'no-such-model.gguf', '--port', '0']);
    expect(code).toBe(2);
    expect(loaded.some((url) => ENGINE.test(url))).toBe(true);
  });
});
