// Several models in one run: `tokenbench run --model a,b,c` against the scripted server serving three
// models of different speeds — one run folder per model, the previous model unloaded (keep_alive 0) and
// the cooldown kept between models — then `tokenbench rank` over the folders in each format.
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RankedRun } from '../../common/report/ranking.js';
import { openRunFolder } from '../../main/store/run-reader.js';
import { cli } from '../support/cli-in-process.js';
import { startScriptedServer, type ScriptedServer } from '../support/scripted-server.js';

const MODELS = [
  { name: 'small:1b', parameterSize: '1.2B', quantization: 'Q8_0', sizeBytes: 1_321_205_760 },
  { name: 'mid:3b', parameterSize: '3.2B', quantization: 'Q4_K_M', sizeBytes: 2_019_393_189 },
  { name: 'big:7b', parameterSize: '7.6B', quantization: 'Q4_K_M', sizeBytes: 4_683_087_332 },
];
/** Gap between tokens: 200, 50 and ~16.7 tokens/s; the last is below the default 20 tokens/s threshold. */
const INTERVAL_MS: Record<string, number> = { 'small:1b': 5, 'mid:3b': 20, 'big:7b': 60 };
const COOLDOWN_MS = 200;

let server: ScriptedServer;
let work: string;
let runs: string;
let dirs: string[];
let result: Awaited<ReturnType<typeof cli>>;

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'tokenbench-models-'));
  runs = join(work, 'runs');
  server = await startScriptedServer({
    models: MODELS,
    loaded: [],
    tokens: 12,
    script: ({ body }) => ({ tokenIntervalMs: INTERVAL_MS[(body as { model: string }).model] ?? 1 }),
  });
  result = await cli(['run', '--url', server.url, '--model', MODELS.map((m) => m.name).join(','), '--concurrency', '1,2,4', '--cooldown', String(COOLDOWN_MS / 1000), '--telemetry', 'none', '--out', runs]);
  dirs = existsSync(runs) ? readdirSync(runs).map((id) => join(runs, id)) : [];
}, 120_000);

afterAll(async () => {
  await server?.close();
  if (work) rmSync(work, { recursive: true, force: true });
});

describe('tokenbench run --model a,b,c', () => {
  it('runs the same plan against each model into its own run folder', async () => {
    expect(result.stderr).not.toMatch(/internal error/);
    expect(result.code).toBe(0);
    const opened = await Promise.all(dirs.map((dir) => openRunFolder(dir)));
    const byModel = new Map(opened.map((run) => [run.manifest.target.model, run]));
    expect([...byModel.keys()].sort()).toEqual(MODELS.map((m) => m.name).sort());
    for (const run of opened) {
      expect(run.manifest.status).toBe('completed');
      expect(run.manifest.config.concurrency).toEqual([1, 2, 4]);
      expect(run.requests).toHaveLength(7);
      expect(run.requests.every((r) => r.status === 'ok')).toBe(true);
      expect(run.manifest.target.modelDetails).toMatchObject({ size: MODELS.find((m) => m.name === run.manifest.target.model)?.sizeBytes });
    }
    // The server saw each model's warm-up and 7 requests, model after model, in the order given.
    const generations = server.log.filter((e) => e.outcome !== 'unloaded').map((e) => e.model);
    expect(generations).toEqual(MODELS.flatMap((m) => Array.from({ length: 8 }, () => m.name)));
  });

  it('unloads the previous model (keep_alive 0) before the next, then keeps the cooldown', () => {
    expect(server.unloads.map((u) => u.model)).toEqual(['small:1b', 'mid:3b']);
    for (const [i, unload] of server.unloads.entries()) {
      const previous = server.log.filter((e) => e.model === MODELS[i]!.name && e.outcome !== 'unloaded');
      const next = server.log.filter((e) => e.model === MODELS[i + 1]!.name);
      expect(Math.max(...previous.map((e) => e.endAt ?? Infinity))).toBeLessThanOrEqual(unload.at);
      // The pause between models is at least the cooldown (a lower bound, not a speed claim).
      expect(Math.min(...next.map((e) => e.arrivedAt)) - unload.at).toBeGreaterThanOrEqual(COOLDOWN_MS - 1);
    }
    expect(result.stderr).toContain('Unloaded small:1b; cooling down 0.2 s, then mid:3b');
  });

  it('prints each model’s table and the ranking, fastest model first', () => {
    for (const model of MODELS) expect(result.stdout).toContain(`\n${model.name} — completed\n`);
    const ranking = result.stdout.slice(result.stdout.indexOf('\nRanking\n'));
    expect(ranking).toMatch(/Rank \| +Model \| Max parallel \(both\)/);
    const rows = ranking.split('\n').filter((line) => /^ +\d \| /.test(line));
    expect(rows.map((row) => row.split('|')[1]?.trim())).toEqual(['small:1b', 'mid:3b', 'big:7b']);
    expect(result.stdout).toContain('Full ranking: npx tokenbench rank ');
  });
});

describe('tokenbench rank over the three run folders', () => {
  it('json: rank order, verdicts, model size and quantization; the levels are each run report’s verdict, not recomputed', async () => {
    const ranked = await cli(['rank', ...dirs, '--format', 'json']);
    expect(ranked.code).toBe(0);
    const ranking = JSON.parse(ranked.stdout) as { format: string; version: number; thresholds: unknown; runs: RankedRun[]; warnings: string[] };
    expect(ranking).toMatchObject({ format: 'tokenbench-ranking', version: 1, thresholds: { maxWaitMs: 10_000, minTokensPerSecond: 20 }, warnings: [] });
    expect(ranking.runs.map((r) => [r.rank, r.model, r.maxConcurrencyForBoth])).toEqual([
      [1, 'small:1b', 4],
      [2, 'mid:3b', 4],
      [3, 'big:7b', null],
    ]);
    expect(ranking.runs.map((r) => [r.facts.parameters, r.facts.quantization, r.facts.sizeBytes])).toEqual(MODELS.map((m) => [m.parameterSize, m.quantization, m.sizeBytes]));
    for (const run of ranking.runs) {
      const dir = dirs.find((d) => d.endsWith(run.runId))!;
      const report = JSON.parse((await cli(['report', dir, '--format', 'json'])).stdout) as { verdict: { levels: unknown } };
      expect(run.levels).toEqual(report.verdict.levels);
    }
    // big:7b decodes ~16.7 tokens/s: its slow tail misses the 20 tokens/s threshold at every level.
    expect(ranking.runs[2]!.levels.every((l) => l.tokensPerSecond !== null && l.tokensPerSecond < 20)).toBe(true);
  });

  it('md and html: the rule, the ranking and each model per level; thresholds from the flags', async () => {
    const md = await cli(['rank', ...dirs, '--format', 'md', '--min-speed', '10']);
    expect(md.code).toBe(0);
    expect(md.stdout).toMatch(/^# Tokenbench ranking: small:1b, mid:3b, big:7b$/m);
    expect(md.stdout).toContain('## Ranking');
    expect(md.stdout).toContain('## Each model per level');
    // With a 10 tokens/s limit the slowest model meets both thresholds too.
    // Server text is Markdown-escaped (main/report/markdown-text.ts): Q4_K_M comes out as Q4\_K\_M.
    expect(md.stdout).toMatch(/^\| 3 \| big:7b \| 4\.4 GiB \| 7\.6B \| Q4\\_K\\_M \| 4 \|/m);

    const out = join(work, 'ranking.html');
    const html = await cli(['rank', ...dirs, '--format', 'html', '--out', out]);
    expect(html).toMatchObject({ code: 0, stdout: '' });
    const again = await cli(['rank', ...dirs, '--format', 'html', '--out', out]);
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('exists; pass --force');
  });

  it('needs two runs, and says which folder is not a run', async () => {
    expect((await cli(['rank', dirs[0]!])).stderr).toContain('missing RUN...');
    const bad = await cli(['rank', dirs[0]!, join(work, 'nope')]);
    expect(bad.code).toBe(2);
  });
});

describe('several models: nothing is written unless every model is there', () => {
  it('a model the server does not have: one line, exit 2, no run folder', async () => {
    const out = join(work, 'none');
    const missing = await cli(['run', '--url', server.url, '--model', 'small:1b,nope:9b', '--concurrency', '1', '--telemetry', 'none', '--out', out]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/^tokenbench run: model "nope:9b" is not installed on .*\n$/);
    expect(existsSync(out)).toBe(false);
  });

  it('an OpenAI-compatible server cannot unload: both models run, and the CLI says the previous one may stay loaded', async () => {
    const openai = await startScriptedServer({ apis: ['openai'], models: ['a-model', 'b-model'], tokens: 4 });
    try {
      const out = join(work, 'openai');
      const ran = await cli(['run', '--url', openai.url, '--model', 'a-model,b-model', '--concurrency', '1', '--telemetry', 'none', '--out', out, '--json']);
      expect(ran.code).toBe(0);
      expect(ran.stderr).toContain('a-model may stay loaded (an OpenAI-compatible server has no request that unloads a model)');
      const printed = JSON.parse(ran.stdout) as { runs: Array<{ model: string; status: string }>; ranking: { runs: RankedRun[] } };
      expect(printed.runs.map((r) => [r.model, r.status])).toEqual([
        ['a-model', 'completed'],
        ['b-model', 'completed'],
      ]);
      expect(printed.ranking.runs).toHaveLength(2);
      expect(readdirSync(out)).toHaveLength(2);
    } finally {
      await openai.close();
    }
  });

  it.each([
    [['--model', 'a,,b'], '--model: an empty name in the list'],
    [['--model', 'a,b,a'], '--model: "a" is listed twice'],
    [['--model', 'a,b', '--gguf', 'x.gguf'], '--gguf cannot be used together'],
  ])('refuses %j', async (flags, message) => {
    const refused = await cli(['run', ...flags, '--telemetry', 'none']);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain(message);
  });
});
