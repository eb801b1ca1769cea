// Shared parts of the playback browser tests: the standalone page bundled by esbuild (same options as
// scripts/build-renderer.mjs, only this page so others' pages in progress cannot break it), and recorded requests.
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildRecord } from '../../../main/metrics/record.js';
import type { RequestRecord } from '../../../common/results.js';
import { bundleRendererEntries } from '../../support/bundle-renderer.js';
import { streamFixtures } from '../../support/fixtures.js';

export const repoRoot = fileURLToPath(new URL('../../..', import.meta.url));
export const OLLAMA_CAPTURE = join(streamFixtures, 'ollama-generate-qwen25coder-7b.txt');

export interface BundledPage {
  dir: string;
  remove(): void;
}

export async function bundlePlaybackPage(): Promise<BundledPage> {
  const dir = mkdtempSync(join(tmpdir(), 'tokenbench-playback-'));
  await bundleRendererEntries([join(repoRoot, 'renderer', 'pages', 'playback.tsx')], dir);
  copyFileSync(join(repoRoot, 'renderer', 'pages', 'playback.html'), join(dir, 'playback.html'));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/**
 * A real Ollama /api/generate stream (PROVENANCE.md) as the engine would have recorded it: each chunk's
 * text at its server timestamp (`created_at`, µs), t0 placed `total_duration` before the final chunk.
 */
export function recordFromOllamaCapture(level: number, index: number): RequestRecord {
  const lines = readFileSync(OLLAMA_CAPTURE, 'utf8')
    .split('\n')
    .filter((line) => line.startsWith('{'));
  const chunks = lines.map((line) => JSON.parse(line) as { created_at: string; response: string; done: boolean; total_duration?: number; eval_count?: number; eval_duration?: number; prompt_eval_duration?: number; load_duration?: number });
  const final = chunks[chunks.length - 1];
  const micros = (stamp: string): number => {
    const [, fraction = '0'] = /\.(\d+)Z$/.exec(stamp) ?? [];
    return Date.parse(stamp.replace(/\.\d+Z$/, 'Z')) * 1000 + Number(fraction.padEnd(6, '0').slice(0, 6));
  };
  const t0 = micros(final.created_at) - (final.total_duration ?? 0) / 1000;
  const tokens = chunks.filter((c) => !c.done && c.response !== '');
  return buildRecord({
    level,
    index,
    startedAt: Math.round(t0 / 1000),
    firstByteMs: (micros(tokens[0].created_at) - t0) / 1000,
    pieces: tokens.map((c) => c.response),
    pieceOffsetsMs: tokens.map((c) => (micros(c.created_at) - t0) / 1000),
    pieceKinds: 'a'.repeat(tokens.length),
    end: {
      kind: 'done',
      atMs: (final.total_duration ?? 0) / 1e6,
      counters: {
        outputTokens: final.eval_count,
        evalMs: (final.eval_duration ?? 0) / 1e6,
        promptEvalMs: (final.prompt_eval_duration ?? 0) / 1e6,
        loadMs: (final.load_duration ?? 0) / 1e6,
      },
    },
  });
}

/** Model output that is markup: it must show as text and never become elements or run script. */
export const MARKUP_PIECES = ['<b>', 'bold', '</b>', ' <img src=x onerror="window.__pwned=1">', ' &amp; ', '<script>window.__pwned=2</script>'];

export function markupRecord(level: number, index: number): RequestRecord {
  const thinking = ['Let', ' me', ' think', '.'];
  const pieces = [...thinking, ...MARKUP_PIECES];
  return buildRecord({
    level,
    index,
    startedAt: Date.UTC(2025, 0, 20, 10),
    firstByteMs: 400,
    pieces,
    pieceOffsetsMs: pieces.map((_, i) => 500 + i * 40),
    pieceKinds: 't'.repeat(thinking.length) + 'a'.repeat(MARKUP_PIECES.length),
    end: { kind: 'done', atMs: 500 + pieces.length * 40, counters: {} },
  });
}
