import { readFileSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { JsonlAppender } from '../../main/store/jsonl-appender.js';
import { readJsonl } from '../../main/store/jsonl-reader.js';
import { realFs, type StoreFs } from '../../main/store/store-fs.js';
import { runNode, type ChildRun } from './support/child.js';
import { compileModuleTree } from './support/compile-store.js';

const repoRoot = resolve(import.meta.dirname, '..', '..');
const nextTurn = (): Promise<void> => new Promise((done) => setImmediate(done));

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tb-appender-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Runs `body` in a child process, with `appender` a JsonlAppender (the current source) on `file`. */
async function appenderChild(file: string, body: string): Promise<ChildRun> {
  const compiled = await compileModuleTree(repoRoot, 'main/store/jsonl-appender.ts', join(dir, 'build'));
  const script = join(dir, `child-${Math.random().toString(36).slice(2)}.mjs`);
  await writeFile(
    script,
    `const { JsonlAppender } = await import(${JSON.stringify(new URL(`file://${compiled}`).href)});
const appender = new JsonlAppender(process.argv[2]);
${body}
`,
  );
  return runNode(script, [file]);
}

async function lines(file: string): Promise<unknown[]> {
  const text = await readFile(file, 'utf8');
  expect(text === '' || text.endsWith('\n')).toBe(true);
  return text === '' ? [] : text.slice(0, -1).split('\n').map((line) => JSON.parse(line) as unknown);
}

describe('JsonlAppender group commit', () => {
  it('writes every line appended in one turn with one write and one fdatasync, at the end of the turn', async () => {
    const file = join(dir, 'a.jsonl');
    const appender = new JsonlAppender(file);
    for (let i = 0; i < 1024; i++) appender.append({ i, text: `answer ${i}` });
    // Queued, not yet on disk: the commit waits for the turn to end (a sync read keeps us in this turn).
    expect(readFileSync(file, 'utf8')).toBe('');
    expect(appender.pendingLines).toBe(1024);
    await nextTurn();
    expect(appender.counters).toEqual({ lines: 1024, writes: 1, syncs: 1 });
    expect(await lines(file)).toEqual(Array.from({ length: 1024 }, (_, i) => ({ i, text: `answer ${i}` })));
    appender.close();
  });

  it('N lines over k turns cost at most k fdatasyncs, in order', async () => {
    const file = join(dir, 'b.jsonl');
    const appender = new JsonlAppender(file);
    const perTurn = 37;
    const turns = 9;
    for (let t = 0; t < turns; t++) {
      for (let i = 0; i < perTurn; i++) appender.append({ n: t * perTurn + i });
      await nextTurn();
    }
    expect(appender.counters.lines).toBe(perTurn * turns);
    expect(appender.counters.syncs).toBeLessThanOrEqual(Math.ceil((perTurn * turns) / perTurn));
    expect(await lines(file)).toEqual(Array.from({ length: perTurn * turns }, (_, n) => ({ n })));
    appender.close();
  });

  it('flush() makes queued lines durable at once and cancels the pending commit', async () => {
    const file = join(dir, 'c.jsonl');
    const appender = new JsonlAppender(file);
    appender.append({ a: 1 });
    appender.append({ a: 2 });
    appender.flush();
    expect(await lines(file)).toEqual([{ a: 1 }, { a: 2 }]);
    await nextTurn();
    expect(appender.counters).toEqual({ lines: 2, writes: 1, syncs: 1 });
    appender.flush(); // nothing queued: no empty write, no sync
    expect(appender.counters.syncs).toBe(1);
    appender.close();
  });

  it('keeps text with newlines and non-ASCII on one line each', async () => {
    const file = join(dir, 'd.jsonl');
    const appender = new JsonlAppender(file);
    const values = [{ text: 'line one\nline two\r\n' }, { text: '思考 \u2028 🚀' }, { text: '</script><b>' }];
    for (const value of values) appender.append(value);
    appender.close();
    expect(await lines(file)).toEqual(values);
  });

  it('refuses values that are not JSON and appends after close', () => {
    const appender = new JsonlAppender(join(dir, 'e.jsonl'));
    expect(() => appender.append(undefined)).toThrow(TypeError);
    expect(() => appender.appendLine('{"a":\n1}')).toThrow(/newline/);
    appender.close();
    appender.close();
    expect(() => appender.append({})).toThrow(/closed/);
  });

  it('appends after an existing torn line without gluing onto it', async () => {
    const file = join(dir, 'f.jsonl');
    await writeFile(file, '{"a":1}\n{"b":');
    const appender = new JsonlAppender(file);
    appender.append({ c: 3 });
    appender.close();
    const read = await readJsonl(file);
    expect(read.records).toEqual([{ a: 1 }, { c: 3 }]);
    expect(read.tornLines).toBe(0);
    expect(read.warnings).toHaveLength(1);
  });
});

describe('JsonlAppender on a failing disk', () => {
  /** A disk that, once armed, accepts half of the next write and then reports it full, once. */
  function diskFullOnce(armed = true): StoreFs & { armed: boolean } {
    const fs = {
      ...realFs,
      armed,
      writeSync(fd: number, buffer: Uint8Array, offset: number, length: number): number {
        if (!fs.armed) return realFs.writeSync(fd, buffer, offset, length);
        fs.armed = false;
        realFs.writeSync(fd, buffer, offset, Math.floor(length / 2));
        throw Object.assign(new Error('ENOSPC: no space left on device'), { code: 'ENOSPC' });
      },
    };
    return fs;
  }

  it('cuts a short write back so the file holds whole lines only, keeps the lines, and retries them', async () => {
    const file = join(dir, 'g.jsonl');
    const fs = diskFullOnce(false);
    const appender = new JsonlAppender(file, { fs });
    appender.append({ first: true });
    appender.flush();
    fs.armed = true;
    appender.append({ n: 1, text: 'x'.repeat(100) });
    appender.append({ n: 2, text: 'y'.repeat(100) });
    expect(() => appender.flush()).toThrow(/ENOSPC/);
    expect(await lines(file)).toEqual([{ first: true }]);
    expect(appender.pendingLines).toBe(2);
    appender.flush();
    expect(await lines(file)).toEqual([{ first: true }, { n: 1, text: 'x'.repeat(100) }, { n: 2, text: 'y'.repeat(100) }]);
    appender.close();
  });

  it('reports a failed background commit to onError instead of throwing into the event loop', async () => {
    const file = join(dir, 'h.jsonl');
    const errors: Error[] = [];
    const appender = new JsonlAppender(file, { fs: diskFullOnce(), onError: (err) => errors.push(err) });
    appender.append({ n: 1 });
    await nextTurn();
    expect(errors.map((e) => e.message)).toEqual(['ENOSPC: no space left on device']);
    expect(await readFile(file, 'utf8')).toBe('');
    appender.close();
    expect(await lines(file)).toEqual([{ n: 1 }]);
  });
});

describe('JsonlAppender at process exit', () => {
  it('flushes queued lines when the process calls process.exit() in the same turn', async () => {
    const file = join(dir, 'exit.jsonl');
    const child = await appenderChild(file, `for (let i = 0; i < 5; i++) appender.append({ i });
process.exit(0);`);
    const { code } = await child.exited(15_000);
    expect(child.stderr()).toBe('');
    expect(code).toBe(0);
    expect(await lines(file)).toEqual([0, 1, 2, 3, 4].map((i) => ({ i })));
  });
});

describe('JsonlAppender.appendWritten: on disk before the next step, synced with the group commit', () => {
  it('writes the line at once, with queued lines before it in order, and fdatasyncs it at the end of the turn', async () => {
    const file = join(dir, 'starts.jsonl');
    const appender = new JsonlAppender(file);
    appender.append({ n: 0 });
    appender.appendWritten({ n: 1 });
    // Written in this turn (a sync read keeps us in it), not yet synced.
    expect(readFileSync(file, 'utf8')).toBe('{"n":0}\n{"n":1}\n');
    expect(appender.counters).toEqual({ lines: 0, writes: 1, syncs: 0 });
    appender.appendWritten({ n: 2 });
    expect(appender.counters).toEqual({ lines: 0, writes: 2, syncs: 0 });
    await nextTurn();
    expect(appender.counters).toEqual({ lines: 3, writes: 2, syncs: 1 });
    expect(await lines(file)).toEqual([{ n: 0 }, { n: 1 }, { n: 2 }]);
    appender.close();
  });

  it('a line survives the process being killed (SIGKILL) right after appendWritten, in the same turn', async () => {
    const file = join(dir, 'killed.jsonl');
    const child = await appenderChild(file, `appender.append({ queued: true });
appender.appendWritten({ written: true });
appender.append({ lost: true });
process.kill(process.pid, 'SIGKILL');`);
    const { signal } = await child.exited(15_000);
    expect(signal).toBe('SIGKILL');
    expect(await lines(file)).toEqual([{ queued: true }, { written: true }]);
  });

  it('a failed write is reported, the line stays queued and reaches the disk with the next commit', async () => {
    const file = join(dir, 'full.jsonl');
    let failNext = true;
    const fs: StoreFs = {
      ...realFs,
      writeSync: (fd, buffer, offset, length) => {
        if (failNext) {
          failNext = false;
          throw Object.assign(new Error('ENOSPC: no space left on device'), { code: 'ENOSPC' });
        }
        return realFs.writeSync(fd, buffer, offset, length);
      },
    };
    const errors: string[] = [];
    const appender = new JsonlAppender(file, { fs, onError: (err) => errors.push(err.message) });
    appender.appendWritten({ n: 1 });
    expect(errors).toEqual(['ENOSPC: no space left on device']);
    expect(readFileSync(file, 'utf8')).toBe('');
    expect(appender.pendingLines).toBe(1);
    await nextTurn();
    expect(await lines(file)).toEqual([{ n: 1 }]);
    appender.close();
  });
});
