import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import type { CliIo } from '../../main/cli/io.js';
import { main } from '../../main/cli/main.js';
import { WEB_TOKEN_HEADER } from '../../common/api-verbs.js';

let dir = '';
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

function fakeIo(): { io: CliIo; stdout: () => string; stderr: () => string; interrupt: () => void } {
  let out = '';
  let err = '';
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  stdout.on('data', (d: Buffer) => (out += d.toString()));
  stderr.on('data', (d: Buffer) => (err += d.toString()));
  let handler: (() => void) | null = null;
  return {
    io: {
      stdout,
      stderr,
      onInterrupt: (h) => {
        handler = h;
        return () => (handler = null);
      },
      quitNow: () => {
        throw new Error('quitNow');
      },
    },
    stdout: () => out,
    stderr: () => err,
    interrupt: () => handler?.(),
  };
}

async function until<T>(probe: () => T | null, timeoutMs = 10_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value !== null) return value;
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('tokenbench ui', () => {
  it('prints a tokenised 127.0.0.1 URL, serves the API behind it and stops on Ctrl-C', async () => {
    dir = mkdtempSync(join(tmpdir(), 'tokenbench-ui-'));
    const fake = fakeIo();
    const exit = main(['ui', '--runs', join(dir, 'runs'), '--settings', join(dir, 's.json')], fake.io);
    const url = await until(() => /^(http:\/\/127\.0\.0\.1:\d+)\/\?token=([A-Za-z0-9_-]{43})$/m.exec(fake.stdout()));
    const [, origin, token] = url;
    const call = (headers: Record<string, string>) =>
      fetch(`${origin}/api/listRuns`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: '{"args":[]}', signal: AbortSignal.timeout(5000) });
    expect((await call({})).status).toBe(401);
    const ok = await call({ [WEB_TOKEN_HEADER]: token! });
    expect(ok.status).toBe(200);
    expect(await ok.json()).toEqual({ result: [] });
    expect(fake.stderr()).toContain(join(dir, 'runs'));
    fake.interrupt();
    expect(await exit).toBe(0);
    await expect(fetch(`${origin}/`, { signal: AbortSignal.timeout(2000) })).rejects.toThrow();
  });

  it('rejects a bad port and unknown flags in one line', async () => {
    const fake = fakeIo();
    expect(await main(['ui', '--port', '70000'], fake.io)).toBe(2);
    expect(await main(['ui', '--bogus'], fake.io)).toBe(2);
    expect(await main(['ui', '--help'], fake.io)).toBe(0);
    await new Promise((r) => setImmediate(r));
    const [port, bogus, ...more] = fake.stderr().split('\n');
    expect(port).toMatch(/--port: 70000 is too large/);
    expect(bogus).toMatch(/bogus.*see tokenbench ui --help/);
    expect(more).toEqual(['']);
    expect(fake.stdout()).toMatch(/^Usage: tokenbench ui/);
  });
});
