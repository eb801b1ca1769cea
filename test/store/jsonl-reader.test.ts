import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Checked } from '../../main/store/run-validation.js';
import { MAX_JSONL_LINE_BYTES, readJsonl } from '../../main/store/jsonl-reader.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tb-jsonl-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function read(content: string | Buffer): Promise<Awaited<ReturnType<typeof readJsonl>>> {
  const file = join(dir, 'x.jsonl');
  await writeFile(file, content);
  return readJsonl(file);
}

describe('readJsonl', () => {
  it('reads every complete line', async () => {
    const r = await read('{"a":1}\n{"a":2}\n');
    expect(r).toEqual({ records: [{ a: 1 }, { a: 2 }], tornLines: 0, warnings: [], missing: false });
  });

  it('skips and counts a torn last line without a newline', async () => {
    const r = await read('{"a":1}\n{"a":2}\n{"a":3,"te');
    expect(r.records).toEqual([{ a: 1 }, { a: 2 }]);
    expect(r.tornLines).toBe(1);
    expect(r.warnings).toEqual([]);
  });

  it('treats an unterminated last line as torn even when it happens to parse', async () => {
    const r = await read('{"a":1}\n{"a":2}');
    expect(r.records).toEqual([{ a: 1 }]);
    expect(r.tornLines).toBe(1);
  });

  it('counts a newline-terminated but invalid last line as torn', async () => {
    const r = await read('{"a":1}\n{"a":\n');
    expect(r.records).toEqual([{ a: 1 }]);
    expect(r.tornLines).toBe(1);
    expect(r.warnings).toEqual([]);
  });

  it('skips a garbage middle line and says which line it was', async () => {
    const r = await read('{"a":1}\n\u0000\u0000garbage\n{"a":3}\n');
    expect(r.records).toEqual([{ a: 1 }, { a: 3 }]);
    expect(r.tornLines).toBe(0);
    expect(r.warnings).toHaveLength(1);
    expect(r.warnings[0]).toMatch(/x\.jsonl:2: invalid JSON/);
  });

  it('ignores blank lines and CRLF endings', async () => {
    const r = await read('{"a":1}\r\n\n\n{"a":2}\r\n\n');
    expect(r.records).toEqual([{ a: 1 }, { a: 2 }]);
    expect(r.tornLines).toBe(0);
    expect(r.warnings).toEqual([]);
  });

  it('rejects lines that fail the shape check, with a warning', async () => {
    const file = join(dir, 'y.jsonl');
    await writeFile(file, '{"n":1}\n[1,2]\n{"n":3}\n');
    const r = await readJsonl(file, {
      check: (v): Checked<{ n: number }> =>
        typeof v === 'object' && v !== null && 'n' in v ? { ok: true, value: v as { n: number } } : { ok: false, problem: 'no n' },
      what: 'thing',
    });
    expect(r.records).toEqual([{ n: 1 }, { n: 3 }]);
    expect(r.warnings).toEqual([`${file}:2: not a thing (no n); line skipped`]);
  });

  it('reports a missing file as missing, not as an error', async () => {
    const r = await readJsonl(join(dir, 'none.jsonl'));
    expect(r).toEqual({ records: [], tornLines: 0, warnings: [], missing: true });
  });

  it('handles lines longer than a read chunk and multi-byte characters cut across chunks', async () => {
    const long = { text: '思考🚀'.repeat(40_000) };
    const r = await read(`${JSON.stringify(long)}\n${JSON.stringify({ b: 2 })}\n`);
    expect(r.records).toEqual([long, { b: 2 }]);
  });

  it('caps the number of listed warnings for a file full of garbage', async () => {
    const r = await read('junk\n'.repeat(100) + '{"ok":1}\n');
    expect(r.records).toEqual([{ ok: 1 }]);
    expect(r.warnings).toHaveLength(21);
    expect(r.warnings[20]).toMatch(/80 more damaged line/);
  });

  describe('line length cap', () => {
    async function readCapped(content: string | Buffer, maxLineBytes: number): Promise<Awaited<ReturnType<typeof readJsonl>>> {
      const file = join(dir, 'x.jsonl');
      await writeFile(file, content);
      return readJsonl(file, { maxLineBytes });
    }

    it('skips a line longer than the cap with one warning and reads the lines around it', async () => {
      // 300 KB spans several read chunks: the line is dropped as it grows, not after.
      const long = JSON.stringify({ text: 'x'.repeat(300_000) });
      const r = await readCapped(`{"a":1}\n${long}\n{"a":3}\n`, 100_000);
      expect(r.records).toEqual([{ a: 1 }, { a: 3 }]);
      expect(r.tornLines).toBe(0);
      expect(r.warnings).toEqual([`${join(dir, 'x.jsonl')}:2: longer than 100000 bytes; line skipped`]);
    });

    it('a line of exactly the cap is kept; one byte more is skipped', async () => {
      const line = JSON.stringify({ t: 'y'.repeat(100 - 8) });
      expect(Buffer.byteLength(line)).toBe(100);
      expect((await readCapped(`${line}\n`, 100)).records).toHaveLength(1);
      expect((await readCapped(`${line}\n`, 99)).records).toHaveLength(0);
    });

    it('a file that is one endless line (no newline at all) is one skipped line, read in bounded memory', async () => {
      const r = await readCapped(`{"a":1}\n` + 'z'.repeat(5_000_000), 1_000_000);
      expect(r.records).toEqual([{ a: 1 }]);
      expect(r.tornLines).toBe(0);
      expect(r.warnings).toEqual([`${join(dir, 'x.jsonl')}:2: longer than 1000000 bytes; line skipped`]);
    });

    it('defaults to 64 MiB, far above any record Tokenbench writes', () => {
      expect(MAX_JSONL_LINE_BYTES).toBe(64 * 1024 * 1024);
    });
  });
});
