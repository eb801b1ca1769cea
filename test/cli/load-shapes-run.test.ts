// `tokenbench run` with load shapes, end to end against the scripted server: one run folder holds every
// repeat, run.json records the seed it drew, the end table prints rates and goodput, and every report
// format reads the folder back (intervals on the charts, the repeats table, goodput in CSV and JSON).
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ReportPage } from '../../main/report/html/blocks.js';
import { openRunFolder } from '../../main/store/run-reader.js';
import { cli } from '../support/cli-in-process.js';
import { startScriptedServer, type ScriptedServer } from '../support/scripted-server.js';

let server: ScriptedServer | null = null;
let out: string;

beforeEach(() => {
  out = mkdtempSync(join(tmpdir(), 'tokenbench-shapes-run-'));
});
afterEach(async () => {
  await server?.close();
  server = null;
});

describe('tokenbench run --mode rate --repeat 2', () => {
  it('writes every repeat into one folder, records the drawn seed, prints rates and goodput, and reports them', async () => {
    server = await startScriptedServer({ slots: 4, tokens: 6, tokenIntervalMs: 2 });
    const run = await cli([
      'run', '--url', server.url, '--mode', 'rate', '--rate', '20,40', '--requests', '6', '--arrivals', 'constant',
      '--repeat', '2', '--slo', 'ttft=5s,tps=10', '--out', out, '--telemetry', 'none', '--no-warmup',
    ]);
    expect(run.stderr).not.toMatch(/internal error/);
    expect(run.code).toBe(0);
    // The end table: the study's columns by level label and repeat, then rates and goodput, then the repeats.
    expect(run.stdout).toMatch(/^ *Level \| Repeat \| Avg t\/s/m);
    expect(run.stdout).toMatch(/^ *Level \| Repeat \| Requests \| Req\/s \| Good % \| Goodput req\/s \| Rate \(req\/s\) \| Client queue p95 \(s\)/m);
    expect(run.stdout).toMatch(/^ *20\/s \|      2 \|        6 \|/m);
    expect(run.stdout).toContain('Good = met every objective (TTFT ≤ 5 s, speed ≥ 10 tokens/s');
    expect(run.stdout).toMatch(/^ *Level \| +Figure \| +Mean \| +95 % CI \| +CV % \| Repeats$/m);

    const [id] = readdirSync(out);
    const dir = join(out, id!);
    const folder = await openRunFolder(dir);
    expect(folder.manifest.config).toMatchObject({ mode: 'rate', rates: [20, 40], arrivals: 'constant', repeats: 2, slo: { ttftMs: 5000, tokensPerSecond: 10 } });
    expect(folder.manifest.config.seed).toEqual(expect.any(Number));
    expect(folder.requests).toHaveLength(24);
    expect(new Set(folder.requests.map((r) => `${r.repeat}/${r.rate}`))).toEqual(new Set(['0/20', '0/40', '1/20', '1/40']));
    expect(folder.summary.levels.map((l) => [l.repeat, l.rate, l.goodput?.good])).toEqual([
      [0, 20, 6],
      [0, 40, 6],
      [1, 20, 6],
      [1, 40, 6],
    ]);
    expect(folder.summary.repeats?.map((r) => [r.level.rate, r.repeats, r.figures.requestsPerSecond?.n])).toEqual([
      [20, 2, 2],
      [40, 2, 2],
    ]);

    const md = (await cli(['report', dir, '--format', 'md'])).stdout;
    expect(md).toContain('## Request rate and goodput per level');
    expect(md).toContain('## Repeats');
    expect(md).toMatch(/- \*\*Load:\*\* rate mode; rates 20, 40 requests\/s; constant arrivals, seed \d+; 2 repeats; goodput objectives TTFT ≤ 5 s, speed ≥ 10 tokens\/s/);

    const json = JSON.parse((await cli(['report', dir, '--format', 'json'])).stdout) as { slo: unknown; repeats: unknown[]; levels: Array<{ goodput: { goodShare: number } }> };
    expect(json.slo).toEqual({ ttftMs: 5000, tokensPerSecond: 10 });
    expect(json.repeats).toHaveLength(2);
    expect(json.levels.map((l) => l.goodput.goodShare)).toEqual([1, 1, 1, 1]);

    const [header, first] = parse((await cli(['report', dir, '--format', 'csv', '--table', 'levels'])).stdout) as string[][];
    expect(header).toEqual(expect.arrayContaining(['rate', 'repeat', 'requestsPerSecond', 'goodput.goodShare', 'goodput.goodputRequestsPerSecond', 'clientQueueMs.p95', 'saturation.saturated']));
    expect(first[header.indexOf('goodput.slo')]).toBe('ttft=5000ms,tps=10');

    const html = (await cli(['report', dir, '--format', 'html'])).stdout;
    const page = JSON.parse(/<script type="application\/json" id="data">([\s\S]*?)<\/script>/.exec(html)![1]) as ReportPage;
    expect(page.sections.map((s) => s.id)).toEqual(expect.arrayContaining(['load', 'repeats', 'levels', 'timeline']));
    const ttft = page.sections.flatMap((s) => s.blocks).find((b) => b.type === 'chart' && b.id === 'ttft');
    expect(ttft?.type === 'chart' && ttft.chart?.x.labels).toEqual(['20/s', '40/s']);
    // Each level is the mean over its 2 repeats, with its 95 % interval drawn as an error bar.
    const intervals = ttft?.type === 'chart' ? ttft.chart?.series[0].intervals : undefined;
    expect(intervals).toHaveLength(2);
    for (const interval of intervals ?? []) expect(interval!.low).toBeLessThanOrEqual(interval!.high);
  });
});

describe('tokenbench run --mode sweep', () => {
  it('says where it stopped in run.json and in the report verdict', async () => {
    // 2 slots; requests past the first 24 (the synchronous and max-throughput levels) take 300 ms each.
    server = await startScriptedServer({ slots: 2, tokens: 2, script: ({ index }) => ({ tokenIntervalMs: index < 12 ? 20 : index < 24 ? 10 : 300 }) });
    const run = await cli(['run', '--url', server.url, '--mode', 'sweep', '--requests', '12', '--max-concurrency', '8', '--out', out, '--telemetry', 'none', '--no-warmup']);
    expect(run.code, run.stderr).toBe(0);
    const dir = join(out, readdirSync(out)[0]!);
    const manifest = JSON.parse(readFileSync(join(dir, 'run.json'), 'utf8')) as { warnings?: string[] };
    expect(manifest.warnings).toEqual([expect.stringMatching(/^The sweep stopped at .*: the server saturated/)]);
    const md = (await cli(['report', dir, '--format', 'md'])).stdout;
    expect(md).toMatch(/\| Sustained rate \(sweep\) \| no rate \| even the first swept rate saturated the server; the sweep stopped at .* requests\/s, saturated \(.*wait-grows/);
    expect(md).toMatch(/^\| sync \|/m);
  });
});
