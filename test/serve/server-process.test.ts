// The built-in engine in a process of its own (real llama.cpp, the tiny model): it serves from another
// PID, reports its port, stops when told, fails in one line on bad input, and never outlives its parent.
import { spawn } from 'node:child_process';
import { cpus } from 'node:os';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ServeInputError } from '../../main/serve/errors.js';
import { forkServerChild, startServerProcess, type ServerChild, type SpawnServerChild } from '../../main/serve/server-process.js';
import { assertBuilt } from '../cli/cli-process.js';
import { tinyModel } from '../support/fixtures.js';
import { isAlive } from '../support/empty-machine.js';
import { waitUntil } from './support.js';

const SERVER_PROCESS = new URL('../../dist/main/serve/server-process.js', import.meta.url).href;
const PARENT = fileURLToPath(new URL('./server-parent.mjs', import.meta.url));

describe('startServerProcess (Node child process)', () => {
  it('serves the model from a process of its own on a free loopback port, and stops when closed', async () => {
    assertBuilt();
    const server = await startServerProcess(forkServerChild, { gguf: tinyModel, port: 0, parallel: 2, queue: 4 });
    const crashes: string[] = [];
    server.onUnexpectedExit((what) => crashes.push(what));
    try {
      expect(server.pid).toBeGreaterThan(0);
      expect(server.pid).not.toBe(process.pid);
      expect(server.url).toBe(`http://127.0.0.1:${server.port}`);
      expect(server).toMatchObject({ modelName: 'llama-2-tiny-random', parallel: 2, queue: 4 });
      // A second decode thread fights the HTTP thread on a machine with two cores or fewer.
      if (cpus().length <= 2) expect(server.threads).toBe(1);
      const tags = (await (await fetch(`${server.url}/api/tags`)).json()) as { models: Array<{ name: string }> };
      expect(tags.models.map((m) => m.name)).toEqual(['llama-2-tiny-random']);
    } finally {
      await server.close();
    }
    expect(await server.exited).toBe(0);
    expect(isAlive(server.pid!)).toBe(false);
    expect(crashes).toEqual([]);
    await expect(fetch(`${server.url}/api/version`)).rejects.toThrow();
    await server.close(); // twice is fine
  }, 60_000);

  it('an engine that dies mid-run (killed, crashed) is reported once', async () => {
    assertBuilt();
    const server = await startServerProcess(forkServerChild, { gguf: tinyModel, port: 0, parallel: 1, queue: 1 });
    const crashes: string[] = [];
    server.onUnexpectedExit((what) => crashes.push(what));
    process.kill(server.pid!, 'SIGKILL');
    await server.exited;
    await new Promise((r) => setImmediate(r));
    expect(crashes).toEqual(['the built-in engine exited (code signal)']);
    await server.close();
  }, 60_000);

  it('a file that is not a model: ServeInputError in one line, and no process left', async () => {
    assertBuilt();
    let spawned: ServerChild | null = null;
    const spy: SpawnServerChild = (entry) => (spawned = forkServerChild(entry));
    await expect(startServerProcess(spy, { gguf: fileURLToPath(import.meta.url) })).rejects.toThrow(ServeInputError);
    expect(spawned).not.toBeNull();
    await waitUntil(() => !isAlive(spawned!.pid!), 'the failed engine process to end', 15_000);
  }, 60_000);

  it('a process that never reports: an error after the start timeout, and it is killed', async () => {
    let killed = false;
    let exit: ((code: number | null, stderr: string) => void) | null = null;
    const silent: SpawnServerChild = () => ({
      pid: 123_456_789,
      send: () => undefined,
      onMessage: () => undefined,
      onExit: (listener) => (exit = listener),
      kill: () => {
        killed = true;
        exit?.(null, '');
      },
    });
    const started = startServerProcess(silent, { gguf: tinyModel }, { startTimeoutMs: 100 });
    await expect(started).rejects.toThrow('the built-in engine did not start within 0.1 s');
    expect(killed).toBe(true);
  }, 5_000);
});

describe('the engine process dies with its parent', () => {
  async function parentWithEngine(mode: 'wait' | 'crash'): Promise<{ parent: ReturnType<typeof spawn>; enginePid: number }> {
    assertBuilt();
    const parent = spawn(process.execPath, [PARENT, SERVER_PROCESS, tinyModel, mode], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    parent.stdout!.setEncoding('utf8').on('data', (d: string) => (out += d));
    parent.stderr!.resume();
    await waitUntil(() => out.includes('\n'), 'the parent to report its engine', 40_000);
    const { pid } = JSON.parse(out.split('\n')[0]!) as { pid: number };
    expect(isAlive(pid)).toBe(true);
    return { parent, enginePid: pid };
  }

  it('kill -9 of the parent ends the engine', async () => {
    const { parent, enginePid } = await parentWithEngine('wait');
    parent.kill('SIGKILL');
    await waitUntil(() => !isAlive(enginePid), 'the orphaned engine to end', 15_000);
  }, 60_000);

  it('a crash of the parent ends the engine', async () => {
    const { parent, enginePid } = await parentWithEngine('crash');
    await new Promise((resolve) => parent.once('exit', resolve));
    await waitUntil(() => !isAlive(enginePid), 'the orphaned engine to end', 15_000);
  }, 60_000);

  it('SIGINT (a terminal Ctrl-C reaches the whole group) does not stop the engine: its parent decides', async () => {
    const { parent, enginePid } = await parentWithEngine('wait');
    try {
      process.kill(enginePid, 'SIGINT');
      await new Promise((r) => setTimeout(r, 500));
      expect(isAlive(enginePid)).toBe(true);
    } finally {
      parent.kill('SIGKILL');
      await waitUntil(() => !isAlive(enginePid), 'the engine to end with its parent', 15_000);
    }
  }, 60_000);
});
