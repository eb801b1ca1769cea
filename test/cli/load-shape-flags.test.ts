// `tokenbench run`'s load-shape flags: --mode rate|sweep, --rate, --arrivals, --seed, --max-concurrency,
// --repeat, --slo → RunConfig; every mistake is one line naming the flag, exit 2, nothing written.
import { existsSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CliError } from '../../main/cli/errors.js';
import { exitCodeOf } from '../../main/cli/main.js';
import { cli } from '../support/cli-in-process.js';
import { parseRunArgv } from './run-argv.js';

function errorOf(argv: string[]): CliError {
  try {
    parseRunArgv(argv);
  } catch (error) {
    if (error instanceof CliError) return error;
    throw error;
  }
  throw new Error(`no error for ${argv.join(' ')}`);
}

const rate = ['--mode', 'rate', '--rate', '1', '--requests', '5'];

describe('load-shape flags → RunConfig', () => {
  it('rate mode: rates each once and ascending, arrivals, seed, cap, repeats and objectives', () => {
    const args = parseRunArgv([
      '--mode', 'rate', '--rate', '4, 0.5,2,0.5', '--duration', '60s', '--arrivals', 'constant', '--seed', '4294967295',
      '--max-concurrency', '8', '--repeat', '3', '--slo', 'ttft=2s, itl=100ms, e2e=1.5m, tps=20',
    ]);
    expect(args).toMatchObject({
      mode: 'rate',
      rates: [0.5, 2, 4],
      durationMs: 60_000,
      arrivals: 'constant',
      seed: 4_294_967_295,
      maxConcurrency: 8,
      repeats: 3,
      slo: { ttftMs: 2000, itlMs: 100, e2eMs: 90_000, tokensPerSecond: 20 },
    });
  });

  it('sweep mode needs only an end per level; burst runs may repeat and set objectives', () => {
    expect(parseRunArgv(['--mode', 'sweep', '--requests', '40'])).toMatchObject({ mode: 'sweep', requests: 40 });
    expect(parseRunArgv(['--repeat', '2', '--slo', 'ttft=500ms'])).toMatchObject({ mode: 'burst', repeats: 2, slo: { ttftMs: 500 } });
    // A seed serves every mode: it also orders the prompt set and draws lengths (docs/metrics.md § Workloads).
    expect(parseRunArgv(['--mode', 'sustained', '--requests', '3', '--seed', '1'])).toMatchObject({ mode: 'sustained', seed: 1 });
  });

  const cases: [string, string[], string][] = [
    ['rate without rates', ['--mode', 'rate', '--requests', '5'], '--mode rate: needs --rate'],
    ['rates in burst mode', ['--rate', '1,2'], '--rate: only applies to --mode rate'],
    ['rates in sweep mode', ['--mode', 'sweep', '--rate', '1', '--requests', '5'], '--rate: only applies to --mode rate'],
    ['rate zero', ['--mode', 'rate', '--rate', '0,1', '--requests', '5'], '--rate: "0" is not a rate > 0'],
    ['rate a word', ['--mode', 'rate', '--rate', 'fast', '--requests', '5'], '--rate: "fast" is not a rate > 0'],
    ['rate negative', ['--mode', 'rate', '--rate=-1', '--requests', '5'], '--rate: "-1" is not a rate > 0'],
    ['rate empty item', ['--mode', 'rate', '--rate', '1,,2', '--requests', '5'], '--rate: empty item in "1,,2"'],
    ['rate too high', ['--mode', 'rate', '--rate', '20000', '--requests', '5'], '--rate: 20000 is above the limit of 10000 requests per second'],
    ['rate without an end', ['--mode', 'rate', '--rate', '1'], '--mode rate: needs --duration'],
    ['rate with both ends', ['--mode', 'rate', '--rate', '1', '--duration', '5', '--requests', '5'], '--duration and --requests cannot be used together (a rate level'],
    ['sweep without an end', ['--mode', 'sweep'], '--mode sweep: needs --duration'],
    ['sweep with both ends', ['--mode', 'sweep', '--duration', '5', '--requests', '5'], '--duration and --requests cannot be used together (a sweep level'],
    ['arrivals unknown', [...rate, '--arrivals', 'uniform'], '--arrivals: "uniform" is not one of poisson, constant'],
    ['arrivals in burst mode', ['--arrivals', 'poisson'], '--arrivals and --max-concurrency only apply to --mode rate or --mode sweep'],
    ['a cap in sustained mode', ['--mode', 'sustained', '--requests', '3', '--max-concurrency', '2'], 'only apply to --mode rate or --mode sweep'],
    ['seed negative', [...rate, '--seed=-1'], '--seed: "-1" is not a whole number'],
    ['seed past 32 bits', [...rate, '--seed', '4294967296'], '--seed: 4294967296 is too large (expected at most 4294967295)'],
    ['cap zero', [...rate, '--max-concurrency', '0'], '--max-concurrency: 0 is too small'],
    ['cap too large', [...rate, '--max-concurrency', '5000'], '--max-concurrency: 5000 is too large (expected at most 4096)'],
    ['cap in burst mode', ['--max-concurrency', '4'], 'only apply to --mode rate or --mode sweep'],
    ['concurrency in rate mode', [...rate, '--concurrency', '4'], '--concurrency: not used by --mode rate'],
    ['repeat zero', ['--repeat', '0'], '--repeat: 0 is too small'],
    ['repeat too many', ['--repeat', '101'], '--repeat: 101 is too large (expected at most 100)'],
    ['repeat decimal', ['--repeat', '2.5'], '--repeat: "2.5" is not a whole number'],
    ['slo without a unit', ['--slo', 'ttft=2'], '--slo: ttft=2 must be a positive duration with its unit'],
    ['slo unknown objective', ['--slo', 'tpot=50ms'], '--slo: unknown objective "tpot"'],
    ['slo twice', ['--slo', 'ttft=1s,ttft=2s'], '--slo: ttft is given twice'],
    ['slo empty', ['--slo', ''], '--slo needs at least one objective'],
    ['slo tps zero', ['--slo', 'tps=0'], '--slo: tps=0 must be a positive number'],
  ];

  it.each(cases)('%s: one line naming the flag, exit 2', (_what, argv, expected) => {
    const error = errorOf(argv);
    expect(error.message).toContain(expected);
    expect(error.message).not.toMatch(/[\r\n]/);
    expect(exitCodeOf(error)).toBe(2);
  });

  it('through the command: one line on stderr, exit 2, no run folder', async () => {
    const out = mkdtempSync(join(tmpdir(), 'tokenbench-shapes-'));
    const result = await cli(['run', '--mode', 'rate', '--rate', '1,x', '--requests', '3', '--url', 'http://127.0.0.1:9', '--out', out]);
    expect(result).toMatchObject({ code: 2, stdout: '' });
    expect(result.stderr).toBe('tokenbench run: --rate: "x" is not a rate > 0 (expected requests per second, e.g. 0.5,1,2,4)\n');
    expect(existsSync(out) ? readdirSync(out) : []).toEqual([]);
  });
});
