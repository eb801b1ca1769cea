// Trends over run folders made here: the same model on the same address, run before and after a server
// update (0.12.3 → 0.13.0, and slower) and after a re-pull of the model (a new digest), beside runs of
// another plan and another model. `tokenbench history` groups them and marks the changes.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TrendPoint } from '../../common/report/trends.js';
import { cli } from '../support/cli-in-process.js';
import { startScriptedServer, type ScriptedServerOptions } from '../support/scripted-server.js';

const MODEL = 'trend:7b';
const OLD_DIGEST = 'sha256:1111111111111111aaaa';
const NEW_DIGEST = 'sha256:2222222222222222bbbb';

let work: string;
let runs: string;
let port = 0;

/** One run against a scripted server on the same port each time (the same address, as a restarted Ollama). */
async function runAgainst(options: ScriptedServerOptions, flags: string[]): Promise<void> {
  const server = await startScriptedServer({ tokens: 10, port, ...options });
  port = server.port;
  try {
    const made = await cli(['run', '--url', server.url, '--telemetry', 'none', '--out', runs, ...flags]);
    expect(made.code, made.stderr).toBe(0);
  } finally {
    await server.close();
  }
}

interface HistoryJson {
  format: string;
  groups: Array<{ server: string; model: string; plan: string; runs: TrendPoint[] }>;
  skipped: unknown[];
}

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'tokenbench-history-'));
  runs = join(work, 'runs');
  const model = (digest: string) => [{ name: MODEL, digest }, 'other:1b'];
  const plan = ['--model', MODEL, '--concurrency', '1,2'];
  await runAgainst({ version: '0.12.3', models: model(OLD_DIGEST), tokenIntervalMs: 4 }, plan);
  await runAgainst({ version: '0.12.3', models: model(OLD_DIGEST), tokenIntervalMs: 4 }, plan);
  // The update: the same model decodes at a third of the speed.
  await runAgainst({ version: '0.13.0', models: model(OLD_DIGEST), tokenIntervalMs: 12 }, plan);
  await runAgainst({ version: '0.13.0', models: model(NEW_DIGEST), tokenIntervalMs: 12 }, plan);
  // Another plan, another model: groups of their own.
  await runAgainst({ version: '0.13.0', models: model(NEW_DIGEST), tokenIntervalMs: 4 }, ['--model', MODEL, '--concurrency', '1']);
  await runAgainst({ version: '0.13.0', models: model(NEW_DIGEST), tokenIntervalMs: 4 }, ['--model', 'other:1b', '--concurrency', '1,2']);
}, 120_000);

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

describe('tokenbench history', () => {
  it('--json groups the runs by server, model and plan, oldest first, and marks version and digest changes', async () => {
    const result = await cli(['history', '--runs', runs, '--json']);
    expect(result.code).toBe(0);
    const history = JSON.parse(result.stdout) as HistoryJson;
    expect(history.format).toBe('tokenbench-history');
    expect(history.skipped).toEqual([]);
    // The group with the latest run first.
    expect(history.groups.map((g) => [g.model, g.runs.length])).toEqual([
      ['other:1b', 1],
      [MODEL, 1],
      [MODEL, 4],
    ]);
    const main = history.groups[2]!;
    expect(main.server).toBe(`http://127.0.0.1:${port} (ollama)`);
    expect(main.plan).toMatch(/^burst 1,2 · the server's answer length · \/api\/generate · prompt “What is the philosophica…” \(45 chars\)$/);
    expect(main.runs.map((r) => [r.serverVersion, r.digest])).toEqual([
      ['0.12.3', OLD_DIGEST],
      ['0.12.3', OLD_DIGEST],
      ['0.13.0', OLD_DIGEST],
      ['0.13.0', NEW_DIGEST],
    ]);
    expect(main.runs.map((r) => r.changes.length)).toEqual([0, 0, 2, 2]);
    expect(main.runs[2]!.changes[0]).toBe('server 0.12.3 → 0.13.0');
    expect(main.runs[3]!.changes[0]).toBe('model digest 111111111111 → 222222222222');
    // The slowdown after the update, in the change note and in the figures.
    const [, before, after] = main.runs;
    expect(after!.tokensPerSecondMean!).toBeLessThan(before!.tokensPerSecondMean! * 0.6);
    expect(after!.changes[1]).toMatch(/^t\/s mean −\d+\.\d % \(\d+\.\d → \d+\.\d\)$/);
    expect(main.runs.every((r) => r.smallestLevel === 1 && r.maxConcurrencyForBoth === 2 && r.peakThroughput !== null)).toBe(true);
  });

  it('prints each group as a table with the changes, and says when there is nothing', async () => {
    const result = await cli(['history', '--runs', runs]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`${MODEL} on http://127.0.0.1:${port} (ollama) — 4 runs\nplan: burst 1,2`);
    expect(result.stdout).toContain('server 0.12.3 → 0.13.0');
    expect(result.stdout).toMatch(/Started \(UTC\) \| Server version \| Model digest \| t\/s mean at 1 parallel/);
    const empty = await cli(['history', '--runs', join(work, 'none')]);
    expect(empty.stdout).toBe(`No finished run in ${join(work, 'none')}.\n`);
  });
});
