// The server's view beside ours, the conversations' turns, the lengths reached and the run's workload and
// server settings (issue 14): hand-made records whose every figure is known, through the metrics, the
// report model and each format.
import { describe, expect, it } from 'vitest';
import type { RequestRecord } from '../../common/results.js';
import { MISSING } from '../../common/format.js';
import { e2eSplit, lengthReach, serverViewByLevel, turnRows } from '../../main/metrics/server-view.js';
import { renderJson } from '../../main/report/json.js';
import { renderMarkdown } from '../../main/report/markdown.js';
import { okRecord } from '../store/support/records.js';
import { level, manifest, model } from './sample-run.js';

/** A record whose figures the tests below choose; 400 ms TTFT, 1.5 s E2E, no server counters unless given. */
function record(parts: Partial<RequestRecord>): RequestRecord {
  return okRecord(1, 0, { ttftMs: 400, e2eMs: 1500, outputTokens: 101, tokensPerSecond: 100, server: null, ...parts });
}

// 400 ms TTFT = 50 load + 150 prompt eval + 200 queue; 1500 ms E2E = that + 1000 decode + 40 client + 60 HTTP.
const TIMED = record({
  clientMs: 40,
  server: { loadMs: 50, promptEvalMs: 150, evalMs: 1000, promptTokens: 300, outputTokens: 101, tokensPerSecond: 101 },
});

describe('the split of E2E', () => {
  it('load + queue + prompt eval + decode + HTTP + client = E2E, each from its definition', () => {
    expect(e2eSplit(TIMED)).toEqual({ loadMs: 50, queueMs: 200, promptEvalMs: 150, decodeMs: 1000, httpMs: 60, clientMs: 40 });
  });

  it('per level: means over the requests whose server reports its decode time; rates from the sums', () => {
    const other = record({ ttftMs: 600, e2eMs: 1700, tokensPerSecond: 80, clientMs: 20, server: { loadMs: 0, promptEvalMs: 250, evalMs: 1200, promptTokens: 500, cachedPromptTokens: 100, tokensPerSecond: 90 } });
    const untimed = record({ ttftMs: 9999, server: { promptTokens: 10 } });
    const failed = record({ status: 'error', server: { evalMs: 1 } });
    const [view] = serverViewByLevel([TIMED, other, untimed, failed]);
    expect(view).toEqual({
      concurrency: 1,
      timed: 2,
      ttftMs: 500,
      e2eMs: 1600,
      tokensPerSecond: 90,
      serverTokensPerSecond: 95.5,
      // (300 + 400 evaluated) tokens / (150 + 250) ms.
      promptTokensPerSecond: 1750,
      // The second request's parts add up to more than its E2E: its HTTP share is floored at 0, so (60 + 0) / 2.
      split: { loadMs: 25, queueMs: 275, promptEvalMs: 200, decodeMs: 1100, httpMs: 30, clientMs: 30 },
    });
  });

  it('a level whose server reports no decode time has no split, and the block says why instead of a chart', () => {
    const levels = serverViewByLevel([record({ server: { promptEvalMs: 5 } })]);
    expect(levels[0]).toMatchObject({ timed: 0, split: null, ttftMs: null });
    const m = model({ levels: [level(1)], requests: [record({ server: { promptEvalMs: 5 } })] });
    expect(m.view.serverView.chart).toBeNull();
    expect(m.view.serverView.unavailable).toMatch(/^The server reported no decode time/);
    expect(m.view.serverView.table.rows[0]).toEqual(['1', '0', MISSING, MISSING, MISSING, MISSING, MISSING, MISSING, MISSING, MISSING, MISSING, MISSING, MISSING]);
  });

  it('values a hand-edited run folder could hold (strings, negatives) count as not reported', () => {
    const hostile = record({ clientMs: -5, server: { loadMs: 'x' as unknown as number, promptEvalMs: -10, evalMs: 1000 } });
    expect(e2eSplit(hostile)).toEqual({ loadMs: 0, queueMs: 400, promptEvalMs: 0, decodeMs: 1000, httpMs: 100, clientMs: 0 });
  });
});

describe('turns and lengths', () => {
  it('per turn: TTFT and the prompt cache where reported', () => {
    const rows = turnRows([
      record({ turn: 1, ttftMs: 800, inputTokens: 500, server: { promptTokens: 503 } }),
      record({ turn: 1, ttftMs: 900, inputTokens: 600, server: { promptTokens: 603 } }),
      record({ turn: 2, ttftMs: 100, inputTokens: 700, server: { promptTokens: 703, cachedPromptTokens: 600 } }),
      record({ turn: 2, status: 'error', ttftMs: 5 }),
      record({ ttftMs: 1 }),
    ]);
    expect(rows).toEqual([
      { turn: 1, requests: 2, ttftMs: 850, ttftP50Ms: 850, inputTokens: 550, promptTokens: 553, cachedPromptTokens: null, evaluatedPromptTokens: null },
      { turn: 2, requests: 1, ttftMs: 100, ttftP50Ms: 100, inputTokens: 700, promptTokens: 703, cachedPromptTokens: 600, evaluatedPromptTokens: 103 },
    ]);
    expect(turnRows([record({})])).toEqual([]);
  });

  it('lengths reached: the record’s own asked length, else the run’s', () => {
    const reach = lengthReach(
      [record({ maxTokens: 100, outputTokens: 100 }), record({ maxTokens: 200, outputTokens: 150 }), record({ level: 2, outputTokens: 128 }), record({ level: 2, outputTokens: 7 })],
      128,
    );
    expect(reach).toEqual([
      { concurrency: 1, asked: 2, reached: 1, askedTokens: 150 },
      { concurrency: 2, asked: 2, reached: 1, askedTokens: 128 },
    ]);
    expect(lengthReach([record({})], undefined)).toEqual([{ concurrency: 1, asked: 0, reached: 0, askedTokens: null }]);
  });
});

describe('in the reports', () => {
  const workloadManifest = manifest({
    config: {
      ...manifest().config,
      inputTokens: { mean: 512, sd: 64 },
      turns: 3,
      maxTokens: 128,
      maxTokensSd: 16,
      ignoreEos: true,
      sharedPrefixTokens: 1024,
      seed: 9,
      connection: { headerNames: ['X-Org'], apiKey: true, insecure: false, caFile: '/etc/ca.pem' },
    },
    target: { ...manifest().target, settings: { parallel: { value: 4, source: 'OLLAMA_NUM_PARALLEL (server process 12 environment)' }, contextSize: { value: 8192, source: 'Ollama /api/ps context_length' }, environment: { OLLAMA_NUM_PARALLEL: '4' }, notes: [] } },
    workload: { tokenizer: { kind: 'bpe', name: 'o200k_base (gpt-tokenizer)', note: 'an approximation' }, notes: [] },
  });
  const requests = [
    record({ ...TIMED, turn: 1, conversation: 0, maxTokens: 120, outputTokens: 120 }),
    record({ turn: 2, conversation: 0, index: 1, maxTokens: 140, outputTokens: 100, clientMs: 40, server: { ...TIMED.server, cachedPromptTokens: 280 } }),
  ];
  const m = model({ manifest: workloadManifest, levels: [level(1)], requests });

  it('the header facts: the workload, the connection (names only) and the server settings beside the measured parallelism', () => {
    expect(m.view.workload).toEqual([
      ['Input length', 'synthetic prompts of 512 ± 64 tokens (normal)'],
      ['Output length', '128 ± 16 tokens (normal)'],
      ['Ignore end of sequence', 'asked (llama.cpp, vLLM ignore_eos; Ollama has no such option)'],
      ['Conversations', '3 turns, each resending its history'],
      ['Shared prefix', 'a synthetic system message of 1024 tokens, the same for every request'],
      ['Seed', '9'],
      ['Tokens counted by', 'o200k_base (gpt-tokenizer): an approximation'],
      ['Connection', 'API key sent (not recorded); headers X-Org (values not recorded); CA /etc/ca.pem'],
    ]);
    expect(m.view.serverSettings).toEqual([
      ['Server parallelism', `set: 4 (OLLAMA_NUM_PARALLEL (server process 12 environment)); effective (measured): at least 1`],
      ['Server context', '8,192 tokens (Ollama /api/ps context_length)'],
      ['Server environment', 'OLLAMA_NUM_PARALLEL=4'],
    ]);
  });

  it('Markdown: the facts in the header, the server view, the turns and the lengths reached as tables', () => {
    const md = renderMarkdown(m);
    expect(md).toContain('- **Input length:** synthetic prompts of 512 ± 64 tokens (normal)');
    // Untrusted text is Markdown-escaped (main/report/markdown-text.ts): the underscores come out as \_.
    expect(md).toContain('- **Server parallelism:** set: 4 (OLLAMA\\_NUM\\_PARALLEL (server process 12 environment)); effective (measured): at least 1');
    expect(md).toContain("## The server's view beside ours");
    // Prompt eval: (300 + 20 evaluated) tokens / (150 + 150) ms.
    expect(md).toMatch(/\| 1 +\| 2 +\| 0\.40 +\| 100\.0 +\| 101\.0 +\| 1066\.7 +\| 0\.050 +\| 0\.200 +\| 0\.150 +\| 1\.000 +\| 0\.060 +\| 0\.040 +\| 1\.500 +\|/);
    expect(md).toContain('## Conversations: TTFT and the prompt cache per turn');
    expect(md).toMatch(/\| 2 +\| 1 +\| 0\.400 +\| 0\.400 +\| — +\| 300 +\| 280 +\| 20 +\|/);
    expect(md).toContain('## Output lengths reached');
    expect(md).toMatch(/\| 1 +\| 2 +\| 1 +\| 50\.0 +\| 130 +\|/);
  });

  it('JSON: the server view, the turns and the lengths reached beside the levels', () => {
    const json = JSON.parse(renderJson(m)) as Record<string, unknown>;
    expect(json.serverView).toEqual(m.serverView);
    expect(json.turns).toEqual(m.turns);
    expect(json.lengthReach).toEqual([{ concurrency: 1, asked: 2, reached: 1, askedTokens: 130 }]);
    expect((json.run as { target: { settings: unknown } }).target.settings).toEqual(workloadManifest.target.settings);
  });

  it('a run of one fixed prompt against a server that revealed nothing: no workload facts, no turns, no reach table', () => {
    const plain = model({ manifest: manifest({ config: { ...manifest().config, maxTokens: undefined } }), levels: [level(1)], requests: [TIMED] });
    expect(plain.view.workload).toEqual([]);
    expect(plain.view.serverSettings).toEqual([]);
    expect(plain.view.turns).toBeNull();
    expect(plain.view.lengthReach).toBeNull();
    expect(plain.view.serverView.chart?.series.map((s) => s.label)).toEqual(['Load', 'Queue', 'Prompt eval', 'Decode', 'HTTP', 'Client']);
  });
});
