import { copyFile, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { serveCommand } from '../../main/cli/commands/serve.js';
import type { CliIo } from '../../main/cli/io.js';
import { main, processIo } from '../../main/cli/main.js';
import { fetchJson, waitUntil, withTimeout } from './support.js';
import { tinyModel } from '../support/fixtures.js';

class Capture extends Writable {
  text = '';
  override _write(chunk: Buffer, _encoding: BufferEncoding, done: () => void): void {
    this.text += chunk.toString();
    done();
  }
}

const SERVE_HELP = serveCommand.usage;

/** The process's own signals (as `tokenbench serve` gets them), with captured output. */
function captureIo(stdout: Capture, stderr: Capture): CliIo {
  return { ...processIo(), stdout, stderr };
}

/** `tokenbench serve …` through main(), as the bin runs it. */
async function serve(argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const stdout = new Capture();
  const stderr = new Capture();
  const code = await withTimeout(main(['serve', ...argv], captureIo(stdout, stderr)), `serve ${argv.join(' ')}`);
  return { code, stdout: stdout.text, stderr: stderr.text };
}

/** One line on stderr, exit 2, nothing on stdout. */
function expectBadInput(result: { code: number; stdout: string; stderr: string }, pattern: RegExp): void {
  expect(result.code).toBe(2);
  expect(result.stdout).toBe('');
  expect(result.stderr.endsWith('\n')).toBe(true);
  expect(result.stderr.trimEnd().split('\n')).toHaveLength(1);
  expect(result.stderr).toMatch(pattern);
}

describe('tokenbench serve: flags and bad input', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'tokenbench-serve-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('prints its help', async () => {
    const result = await serve(['--help']);
    expect(result).toEqual({ code: 0, stdout: SERVE_HELP, stderr: '' });
    for (const flag of ['--gguf', '--ollama-model', '--port', '--parallel', '--queue', '--ctx', '--threads']) {
      expect(SERVE_HELP).toContain(flag);
    }
    expect(Math.max(...SERVE_HELP.split('\n').map((line) => line.length))).toBeLessThanOrEqual(80);
  });

  it('refuses unknown flags, missing and conflicting model flags, bad numbers', async () => {
    expectBadInput(await serve(['--gguf', 'x.gguf', '--bogus']), /unknown option --bogus; see tokenbench serve --help$/m);
    expectBadInput(await serve([]), /exactly one of --gguf FILE or --ollama-model NAME/);
    expectBadInput(await serve(['--gguf', 'a.gguf', '--ollama-model', 'b']), /exactly one of/);
    expectBadInput(await serve(['--gguf', 'a.gguf', '--parallel', '0']), /--parallel: 0 is too small/);
    expectBadInput(await serve(['--gguf', 'a.gguf', '--port', '70000']), /--port: 70000 is too large/);
    expectBadInput(await serve(['--gguf', 'a.gguf', '--queue', '-1']), /--queue/);
    expectBadInput(await serve(['--gguf', 'a.gguf', '--threads', 'two']), /--threads: "two" is not a whole number/);
    expectBadInput(await serve(['--gguf']), /--gguf/);
  });

  it('a missing file: one line, exit 2', async () => {
    const missing = join(dir, 'absent.gguf');
    expectBadInput(await serve(['--gguf', missing, '--port', '0']), new RegExp(`model file not found: ${missing}`));
  });

  it('a file that is not a GGUF: one line, exit 2', async () => {
    const text = join(dir, 'notes.gguf');
    await writeFile(text, 'this is not a model\n');
    expectBadInput(await serve(['--gguf', text, '--port', '0']), /is not a GGUF model file/);
  });

  it('a GGUF magic with a broken body: llama.cpp’s refusal as one line, exit 2', async () => {
    const broken = join(dir, 'broken.gguf');
    // Right magic and version, garbage after: only llama.cpp can tell.
    await writeFile(broken, Buffer.concat([Buffer.from('GGUF\x03\x00\x00\x00', 'latin1'), Buffer.alloc(64, 0xff)]));
    expectBadInput(await serve(['--gguf', broken, '--port', '0', '--threads', '1']), /cannot load model .*broken\.gguf/);
  });

  it('an Ollama model that was never pulled: one line, exit 2', async () => {
    vi.stubEnv('OLLAMA_MODELS', join(dir, 'no-ollama'));
    try {
      expectBadInput(await serve(['--ollama-model', 'llama3.2:1b']), /Ollama model llama3\.2:1b not found/);
    } finally {
      vi.unstubAllEnvs();
    }
  });

  describe('with the real tiny model', () => {
    it('a port in use: one line naming the port, exit 2', async () => {
      const blocker: Server = createServer();
      await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
      const address = blocker.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      try {
        expectBadInput(await serve(['--gguf', tinyModel, '--port', String(port)]), new RegExp(`port ${port} on 127\\.0\\.0\\.1 is already in use`));
      } finally {
        await new Promise((resolve) => blocker.close(resolve));
      }
    });

    it('serves an Ollama-pulled blob under its Ollama name and stops cleanly on SIGTERM', async () => {
      // A models folder laid out like Ollama's, holding the tiny model as its blob.
      const models = join(dir, 'ollama-models');
      const hex = 'e'.repeat(64);
      await mkdir(join(models, 'blobs'), { recursive: true });
      await copyFile(tinyModel, join(models, 'blobs', `sha256-${hex}`));
      const manifestDir = join(models, 'manifests', 'registry.ollama.ai', 'library', 'tiny');
      await mkdir(manifestDir, { recursive: true });
      await writeFile(
        join(manifestDir, '1m'),
        JSON.stringify({ layers: [{ mediaType: 'application/vnd.ollama.image.model', digest: `sha256:${hex}` }] }),
      );
      vi.stubEnv('OLLAMA_MODELS', models);
      const stdout = new Capture();
      const stderr = new Capture();
      let settled = false;
      const argv = ['serve', '--ollama-model', 'tiny:1m', '--port', '0', '--parallel', '2', '--queue', '3', '--threads', '1'];
      const running = main(argv, captureIo(stdout, stderr)).finally(() => {
        settled = true;
      });
      try {
        await waitUntil(() => stdout.text.includes('\n'), 'the "Serving" line');
        const match = /^Serving tiny:1m on (http:\/\/127\.0\.0\.1:(\d+)) \(Ollama API \+ \/v1\), parallel 2, queue 3 — Ctrl-C to stop\n$/.exec(stdout.text);
        expect(match, stdout.text).not.toBeNull();
        const url = match?.[1] ?? '';
        const tags = await fetchJson(url, '/api/tags');
        expect(tags.json.models).toMatchObject([{ name: 'tiny:1m', digest: hex }]);
        const answer = await fetchJson(url, '/api/generate', { model: 'tiny:1m', prompt: 'Hi', stream: false, options: { num_predict: 4 } });
        expect(answer.json).toMatchObject({ done: true, eval_count: 4 });
        // In-process stand-in for the signal (a real one would also reach the test runner).
        const listening = process.listenerCount('SIGTERM');
        process.emit('SIGTERM', 'SIGTERM');
        expect(await withTimeout(running, 'serve to stop')).toBe(0);
        expect(stderr.text).toBe('Stopping…\n');
        expect(process.listenerCount('SIGTERM')).toBe(listening - 1);
        await expect(fetchJson(url, '/api/version')).rejects.toThrow(/ECONNREFUSED/);
      } finally {
        vi.unstubAllEnvs();
        // Only while serve still listens: with no listener of ours, a library's signal-exit hook would
        // re-raise the signal for real and end the test process.
        if (!settled) {
          process.emit('SIGTERM', 'SIGTERM');
          await running.catch(() => undefined);
        }
      }
    });
  });
});
