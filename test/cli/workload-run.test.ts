// Whole runs with a workload (issue 14): synthetic prompts counted by the server's own tokenizer, prompt
// sets, conversations against a prompt cache, sampled output lengths — on the scripted server and on the
// built-in engine with the real tiny model (its real tokenizer).
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RequestRecord } from '../../common/results.js';
import { openRunFolder, type OpenedRun } from '../../main/store/run-reader.js';
import { cli } from '../support/cli-in-process.js';
import { tinyModel } from '../support/fixtures.js';
import { startScriptedServer, type ScriptedServer } from '../support/scripted-server.js';

let server: ScriptedServer | null = null;
let out: string;

beforeEach(() => {
  out = mkdtempSync(join(tmpdir(), 'tokenbench-workload-'));
});
afterEach(async () => {
  await server?.close();
  server = null;
  rmSync(out, { recursive: true, force: true });
});

async function run(argv: string[]): Promise<OpenedRun> {
  const result = await cli(['run', ...argv, '--out', out, '--telemetry', 'none']);
  expect(result.stderr).not.toMatch(/internal error/);
  expect(result.code, result.stderr).toBe(0);
  const [id] = readdirSync(out);
  return openRunFolder(join(out, id!));
}

/** |server count − asked| / asked, the largest over the records. */
function worstPromptError(records: readonly RequestRecord[]): number {
  return Math.max(...records.map((r) => Math.abs((r.server?.promptTokens ?? Number.NaN) - (r.inputTokens ?? Number.NaN)) / (r.inputTokens ?? Number.NaN)));
}

describe('synthetic prompts (--input-tokens)', () => {
  it("counted by the server's /tokenize: the server counts exactly what was asked (Ollama /api/generate)", async () => {
    server = await startScriptedServer({ tokenizer: 'words', tokens: 4 });
    const folder = await run(['--url', server.url, '--input-tokens', '256:32', '--seed', '5', '--concurrency', '1,4']);
    expect(folder.manifest.workload?.tokenizer).toEqual({ kind: 'server', name: `${server.url}/tokenize (the server's own tokenizer)` });
    expect(folder.manifest.config.inputTokens).toEqual({ mean: 256, sd: 32 });
    expect(folder.requests).toHaveLength(5);
    const asked = folder.requests.map((r) => r.inputTokens!);
    expect(new Set(asked).size).toBeGreaterThan(1);
    for (const r of folder.requests) expect(r.server?.promptTokens).toBe(r.inputTokens);
    expect(worstPromptError(folder.requests)).toBe(0);
    expect(folder.manifest.warnings ?? []).toEqual([]);
  });

  it('on a chat endpoint the template adds its few tokens: within 5 % at 256 tokens, no warning', async () => {
    server = await startScriptedServer({ apis: ['openai'], tokenizer: 'words', tokens: 4, models: ['m'] });
    const folder = await run(['--url', server.url, '--input-tokens', '256', '--concurrency', '2']);
    // One role header and the assistant's header: 259 for 256 asked.
    expect(folder.requests.map((r) => r.server?.promptTokens)).toEqual([259, 259]);
    expect(worstPromptError(folder.requests)).toBeCloseTo(3 / 256, 6);
    expect(folder.manifest.warnings ?? []).toEqual([]);
  });

  it('without a tokenize endpoint: the stated BPE, and a warning when the server counts otherwise', async () => {
    // The scripted server's default count is characters / 4 + 8: not what o200k_base says of these words.
    server = await startScriptedServer({ tokens: 4 });
    const folder = await run(['--url', server.url, '--input-tokens', '100', '--concurrency', '2']);
    expect(folder.manifest.workload?.tokenizer).toMatchObject({ kind: 'bpe', name: 'o200k_base (gpt-tokenizer)' });
    expect(folder.manifest.workload?.tokenizer.note).toMatch(/approximation/);
    expect(folder.requests.every((r) => r.inputTokens === 100)).toBe(true);
    const warning = (folder.manifest.warnings ?? []).find((w) => w.startsWith('prompt tokens:'));
    expect(warning).toMatch(/^prompt tokens: on 2 of 2 requests the server counted more than 5 % more or fewer prompt tokens than Tokenbench sent \(\+\d+\.\d % to \+\d+\.\d %; counted by o200k_base \(gpt-tokenizer\)\)/);
  });
});

describe('prompt sets (--prompt-file)', () => {
  it('JSONL in order, or shuffled by --seed; run.json names the file by path, hash and size, each record its prompt', async () => {
    server = await startScriptedServer({ tokens: 3 });
    const file = join(out, '..', `set-${process.pid}.jsonl`);
    writeFileSync(file, ['{"prompt": "alpha"}', '{"messages": [{"role": "user", "content": "beta"}]}', '{"conversations": [{"from": "human", "value": "gamma"}]}'].join('\n'));
    try {
      const folder = await run(['--url', server.url, '--prompt-file', file, '--concurrency', '1,2', '--mode', 'sustained', '--requests', '4']);
      expect(folder.manifest.config.promptSet).toEqual({ path: file, sha256: expect.stringMatching(/^[0-9a-f]{64}$/), format: 'jsonl', count: 3 });
      // A prompt set goes to /api/chat on Ollama.
      expect(folder.manifest.config.ollamaEndpoint).toBe('chat');
      const sent = server.log.slice(1).map((e) => (e.body as { messages: Array<{ content: string }> }).messages[0].content);
      expect(sent).toEqual(['alpha', 'beta', 'gamma', 'alpha', 'beta', 'gamma', 'alpha', 'beta']);
      const byLevel = (level: number) => folder.requests.filter((r) => r.level === level).sort((a, b) => a.index - b.index).map((r) => r.promptIndex);
      expect(byLevel(1)).toEqual([0, 1, 2, 0]);
      expect(byLevel(2)).toEqual([1, 2, 0, 1]);
      expect(folder.requests.every((r) => r.inputTokens === 1)).toBe(true);
    } finally {
      rmSync(file, { force: true });
    }
  });
});

describe('conversations (--turns) against a prompt cache', () => {
  it('llama.cpp-style: each turn resends its history, later turns find it cached, and their TTFT falls', async () => {
    // 2 ms per evaluated prompt token: a 400-token first turn waits ~0.8 s, a cached turn ~0.2 s.
    server = await startScriptedServer({ apis: ['openai'], models: ['m'], tokenizer: 'words', promptCache: true, llamaCppTimings: true, prefillMsPerToken: 2, tokens: 6 });
    const folder = await run(['--url', server.url, '--turns', '3', '--input-tokens', '100', '--shared-prefix-tokens', '300', '--concurrency', '1', '--max-tokens', '6', '--no-warmup']);
    const turns = [...folder.requests].sort((a, b) => a.index - b.index);
    expect(turns.map((r) => [r.conversation, r.turn, r.index])).toEqual([
      [0, 1, 0],
      [0, 2, 1],
      [0, 3, 2],
    ]);
    expect(turns[0].server?.cachedPromptTokens).toBeUndefined();
    for (const later of turns.slice(1)) {
      const previous = turns[turns.indexOf(later) - 1];
      // What the previous turn sent and got back is cached; only the answer's header and the new message are evaluated.
      expect(later.server?.cachedPromptTokens).toBeGreaterThanOrEqual(previous.server!.promptTokens! - 2);
      expect(later.server?.evaluatedPromptTokens).toBeLessThan(120);
      expect(later.ttftMs!).toBeLessThan(turns[0].ttftMs! / 2);
    }
    // Tokenbench knows each prompt's length: the prefix, the messages and the server-counted answers.
    expect(turns[1].inputTokens).toBe(300 + 100 + 6 + 100);
  });

  it('Ollama /api/chat: prompt_eval_cached_count read as the cached part', async () => {
    server = await startScriptedServer({ tokenizer: 'words', promptCache: true, tokens: 4 });
    const folder = await run(['--url', server.url, '--turns', '2', '--input-tokens', '50', '--concurrency', '1', '--no-warmup']);
    expect(server.log.every((e) => e.path === '/api/chat')).toBe(true);
    const [first, second] = [...folder.requests].sort((a, b) => a.index - b.index);
    expect(first.server?.cachedPromptTokens).toBeUndefined();
    // The first turn's words (its role header and 50 words) and the answer (a header and its 4 words).
    expect(first.server?.promptTokens).toBe(1 + 50 + 2);
    expect(second.server?.cachedPromptTokens).toBe(1 + 50 + 1 + 4);
    expect(second.server?.evaluatedPromptTokens).toBe(second.server!.promptTokens! - second.server!.cachedPromptTokens!);
  });
});

describe('output lengths (--max-tokens N:SD, --ignore-eos)', () => {
  it('draws a length per request and asks llama.cpp/vLLM to ignore the end of sequence', async () => {
    server = await startScriptedServer({ apis: ['openai'], models: ['m'], tokens: 1000 });
    const folder = await run(['--url', server.url, '--max-tokens', '40:10', '--ignore-eos', '--seed', '2', '--concurrency', '4']);
    const bodies = server.log.slice(1).map((e) => e.body as { max_tokens: number; min_tokens: number; ignore_eos: boolean });
    expect(bodies.every((b) => b.ignore_eos === true && b.min_tokens === b.max_tokens)).toBe(true);
    expect(folder.requests.map((r) => r.maxTokens).sort()).toEqual(bodies.map((b) => b.max_tokens).sort());
    expect(new Set(bodies.map((b) => b.max_tokens)).size).toBeGreaterThan(1);
    expect(folder.requests.every((r) => r.outputTokens === r.maxTokens)).toBe(true);
  });

  it('Ollama has no such option: not sent, and the run says so', async () => {
    server = await startScriptedServer({ tokens: 5 });
    const folder = await run(['--url', server.url, '--max-tokens', '8', '--ignore-eos', '--concurrency', '1']);
    expect(server.log.every((e) => !JSON.stringify(e.body).includes('ignore_eos'))).toBe(true);
    expect(folder.manifest.warnings).toContain(
      '--ignore-eos: Ollama has no option to ignore the end-of-sequence token, so it was not sent; the report shows how many answers reached their length',
    );
  });
});

describe('the built-in engine (real tiny model, its own tokenizer)', () => {
  it('synthetic prompts of N tokens: the engine counts N (+ BOS) through its /tokenize', async () => {
    const folder = await run(['--gguf', tinyModel, '--input-tokens', '200:20', '--seed', '1', '--concurrency', '1,2', '--max-tokens', '4']);
    expect(folder.manifest.workload?.tokenizer.kind).toBe('server');
    expect(folder.manifest.target.settings?.parallel).toEqual({ value: 4, source: 'GET /props total_slots (llama.cpp slots)' });
    for (const r of folder.requests) expect(r.server?.promptTokens).toBe(r.inputTokens! + 1);
    expect(worstPromptError(folder.requests)).toBeLessThan(0.05);
  }, 120_000);

  it('conversations: the engine keeps each sequence\'s prompt, so later turns are served from its cache', async () => {
    const folder = await run(['--gguf', tinyModel, '--turns', '3', '--input-tokens', '64', '--shared-prefix-tokens', '128', '--concurrency', '2', '--max-tokens', '8']);
    expect(folder.manifest.config.ollamaEndpoint).toBe('chat');
    const later = folder.requests.filter((r) => (r.turn ?? 1) > 1);
    expect(later).toHaveLength(4);
    for (const r of later) {
      expect(r.server?.cachedPromptTokens).toBeGreaterThan(128);
      expect(r.server?.evaluatedPromptTokens).toBeLessThan(r.server!.promptTokens! / 2);
    }
  }, 120_000);
});
