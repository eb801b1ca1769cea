import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_PROMPT, DEFAULT_URL } from '../../common/run-config.js';
import { parseCommandLine } from '../../main/cli/command-line.js';
import { runCommand } from '../../main/cli/commands/run.js';
import { CliError } from '../../main/cli/errors.js';
import { exitCodeOf } from '../../main/cli/main.js';
import type { RunArgs } from '../../main/cli/run-args.js';
import { parseRunArgv as parseRunArgs } from './run-argv.js';
import { tinyModel } from '../support/fixtures.js';


let dir: string;
const file = (name: string): string => path.join(dir, name);

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'tokenbench-run-args-'));
  writeFileSync(file('prompt.txt'), 'Explain entropy.\n\n');
  writeFileSync(file('crlf.txt'), 'line one\r\nline two\r\n');
  writeFileSync(file('bom.txt'), Buffer.from([0xef, 0xbb, 0xbf, ...Buffer.from('Était-ce l’heure ?')]));
  writeFileSync(file('empty.txt'), '');
  writeFileSync(file('blank.txt'), '  \n\t\n');
  writeFileSync(file('latin1.txt'), Buffer.from([0x63, 0x61, 0x66, 0xe9, 0x0a])); // "café" in Latin-1
  mkdirSync(file('folder'));
  writeFileSync(file('fake.gguf'), Buffer.concat([Buffer.from('GGUF'), Buffer.alloc(16)]));
  writeFileSync(file('not-a-model.gguf'), 'GGML not really');
  writeFileSync(file('short.gguf'), 'GG');
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

/** Parses and returns the thrown CliError, failing the test when nothing (or something else) is thrown. */
function errorOf(argv: string[]): CliError {
  try {
    parseRunArgs(argv);
  } catch (error) {
    expect(error).toBeInstanceOf(CliError);
    return error as CliError;
  }
  throw new Error(`expected ${JSON.stringify(argv)} to be rejected`);
}

describe('parseRunArgs defaults', () => {
  it('gives the documented defaults with no flags', () => {
    const args = parseRunArgs([]);
    expect(args).toEqual<RunArgs>({
      url: DEFAULT_URL,
      concurrency: [1, 2, 4, 8],
      mode: 'burst',
      prompt: DEFAULT_PROMPT,
      cooldownMs: 0,
      warmup: true,
      timeoutMs: 600_000,
      idleTimeoutMs: 60_000,
      telemetry: 'auto',
      outDir: 'runs',
      json: false,
      sampleIntervalMs: 1000,
      ollamaEndpoint: 'generate',
      addGpuCoreLevel: false,
      findTarget: true,
    });
    for (const key of ['api', 'model', 'maxTokens', 'think', 'durationMs', 'requests', 'gguf'] as const) {
      expect(args[key], key).toBeUndefined();
    }
  });

  it('without --url or --gguf, the target is left to discovery (findTarget); with either, it is named', () => {
    expect(parseRunArgs([]).findTarget).toBe(true);
    expect(parseRunArgs(['--url', 'http://127.0.0.1:8080']).findTarget).toBe(false);
    expect(parseRunArgs(['--url', DEFAULT_URL]).findTarget).toBe(false);
    expect(parseRunArgs(['--gguf', tinyModel]).findTarget).toBe(false);
  });

  it('returns a fresh concurrency array each time (no shared mutable default)', () => {
    const first = parseRunArgs([]);
    first.concurrency.push(99);
    expect(parseRunArgs([]).concurrency).toEqual([1, 2, 4, 8]);
  });
});

describe('parseRunArgs accepts every flag', () => {
  const cases: [string[], Partial<RunArgs>][] = [
    [['--url', 'http://127.0.0.1:8080'], { url: 'http://127.0.0.1:8080' }],
    [['--url', 'http://127.0.0.1:8080/'], { url: 'http://127.0.0.1:8080' }],
    [['--url', 'https://box.local/ollama/'], { url: 'https://box.local/ollama' }],
    [['--url', 'HTTP://LocalHost:80'], { url: 'http://localhost' }],
    [['--url=http://[::1]:11434'], { url: 'http://[::1]:11434' }],
    [['--api', 'ollama'], { api: 'ollama' }],
    [['--api', 'openai'], { api: 'openai' }],
    [['--model', 'deepseek-r1:7b'], { model: 'deepseek-r1:7b' }],
    [['--model', 'lmstudio-community/Qwen2.5 7B'], { model: 'lmstudio-community/Qwen2.5 7B' }],
    [['--concurrency', '1,2,4'], { concurrency: [1, 2, 4] }],
    [['--concurrency', '8'], { concurrency: [8] }],
    [['--concurrency', '4,1,4,2,1'], { concurrency: [1, 2, 4] }],
    [['--concurrency', '256,19,1'], { concurrency: [1, 19, 256] }],
    [['--concurrency', '1, 2 ,4096'], { concurrency: [1, 2, 4096] }],
    [['--mode', 'burst'], { mode: 'burst' }],
    [['--mode', 'sustained', '--duration', '30'], { mode: 'sustained', durationMs: 30_000 }],
    [['--mode', 'sustained', '--duration', '30s'], { durationMs: 30_000 }],
    [['--mode', 'sustained', '--duration', '2m'], { durationMs: 120_000 }],
    [['--mode', 'sustained', '--duration', '1.5m'], { durationMs: 90_000 }],
    [['--mode', 'sustained', '--duration', '1h'], { durationMs: 3_600_000 }],
    [['--mode', 'sustained', '--duration', '750ms'], { durationMs: 750 }],
    [['--mode', 'sustained', '--requests', '100'], { mode: 'sustained', requests: 100 }],
    [['--prompt', 'Say hi'], { prompt: 'Say hi' }],
    [['--prompt', 'two\nlines'], { prompt: 'two\nlines' }],
    [['--max-tokens', '256'], { maxTokens: 256 }],
    [['--cooldown', '10'], { cooldownMs: 10_000 }],
    [['--cooldown', '0'], { cooldownMs: 0 }],
    [['--cooldown', '2.5'], { cooldownMs: 2500 }],
    [['--cooldown', '.5'], { cooldownMs: 500 }],
    [['--no-warmup'], { warmup: false }],
    [['--timeout', '30'], { timeoutMs: 30_000 }],
    [['--timeout', '10m'], { timeoutMs: 600_000 }],
    [['--idle-timeout', '5'], { idleTimeoutMs: 5000 }],
    [['--idle-timeout', '0.25'], { idleTimeoutMs: 250 }],
    [['--think'], { think: true }],
    [['--no-think'], { think: false }],
    [['--telemetry', 'none'], { telemetry: 'none' }],
    [['--telemetry', 'process'], { telemetry: 'process' }],
    [['--telemetry', 'gpu'], { telemetry: 'gpu' }],
    [['--telemetry', 'auto'], { telemetry: 'auto' }],
    [['--sample-interval', '100'], { sampleIntervalMs: 100 }],
    [['--sample-interval', '2500'], { sampleIntervalMs: 2500 }],
    [['--runs', 'results/today'], { outDir: 'results/today' }],
    [['--out', 'results/today'], { outDir: 'results/today' }],
    [['--json'], { json: true }],
    [['--endpoint', 'chat'], { ollamaEndpoint: 'chat' }],
    [['--endpoint', 'generate', '--api', 'ollama'], { ollamaEndpoint: 'generate', api: 'ollama' }],
    [['--json', '--json'], { json: true }],
  ];
  it.each(cases)('%j', (argv, expected) => {
    expect(parseRunArgs(argv)).toMatchObject(expected);
  });

  it('parses a full command line', () => {
    const args = parseRunArgs([
      '--url=http://127.0.0.1:8080/',
      '--api=openai',
      '--model=x',
      '--concurrency=2,4',
      '--mode=sustained',
      '--requests=20',
      '--max-tokens=64',
      '--cooldown=1',
      '--no-warmup',
      '--timeout=120',
      '--idle-timeout=15',
      '--no-think',
      '--telemetry=process',
      '--sample-interval=500',
      '--out=/tmp/runs',
      '--json',
    ]);
    expect(args).toMatchObject({
      url: 'http://127.0.0.1:8080',
      api: 'openai',
      model: 'x',
      concurrency: [2, 4],
      mode: 'sustained',
      requests: 20,
      maxTokens: 64,
      cooldownMs: 1000,
      warmup: false,
      timeoutMs: 120_000,
      idleTimeoutMs: 15_000,
      think: false,
      telemetry: 'process',
      sampleIntervalMs: 500,
      outDir: '/tmp/runs',
      json: true,
    });
  });

  it('--help and -h: the shared parser reports help; main prints the usage', () => {
    expect(parseCommandLine(runCommand, ['--help'])).toEqual({ help: true });
    expect(parseCommandLine(runCommand, ['-h'])).toEqual({ help: true });
  });

  it('--help wins over values it would otherwise reject', () => {
    expect(parseCommandLine(runCommand, ['--concurrency', 'x', '--help']).help).toBe(true);
    expect(parseCommandLine(runCommand, ['--model', 'a', '--model', 'b', '--help']).help).toBe(true);
  });
});

describe('parseRunArgs files', () => {
  it('reads --prompt-file as UTF-8, dropping trailing line breaks', () => {
    expect(parseRunArgs(['--prompt-file', file('prompt.txt')]).prompt).toBe('Explain entropy.');
    expect(parseRunArgs(['--prompt-file', file('crlf.txt')]).prompt).toBe('line one\r\nline two');
  });

  it('drops a UTF-8 byte-order mark and keeps non-ASCII text intact', () => {
    expect(parseRunArgs(['--prompt-file', file('bom.txt')]).prompt).toBe('Était-ce l’heure ?');
  });

  it('accepts a GGUF file and returns its absolute path', () => {
    const relative = path.relative(process.cwd(), file('fake.gguf'));
    const args = parseRunArgs(['--gguf', relative]);
    expect(args.gguf).toBe(file('fake.gguf'));
    expect(path.isAbsolute(args.gguf ?? '')).toBe(true);
    expect(args.url).toBe(DEFAULT_URL);
  });

  describe('with the real tiny model', () => {
    it('accepts a real GGUF model', () => {
      expect(parseRunArgs(['--gguf', tinyModel, '--profile', 'quick']).gguf).toBe(tinyModel);
    });
  });
});

describe('parseRunArgs profiles', () => {
  it('quick: levels 1,2,4,8 and 128 tokens', () => {
    expect(parseRunArgs(['--profile', 'quick'])).toMatchObject({ concurrency: [1, 2, 4, 8], maxTokens: 128, cooldownMs: 0 });
  });

  it('study: the study levels, 10 s cooldown, no token limit', () => {
    const args = parseRunArgs(['--profile', 'study']);
    expect(args).toMatchObject({ concurrency: [1, 2, 4, 8, 16, 32, 64, 128, 256], cooldownMs: 10_000, timeoutMs: 7_200_000 });
    expect(args.maxTokens).toBeUndefined();
    expect(parseRunArgs(['--profile', 'study', '--timeout', '60']).timeoutMs).toBe(60_000);
    expect(args.addGpuCoreLevel).toBe(true);
    expect(parseRunArgs(['--profile', 'study', '--concurrency', '1,2']).addGpuCoreLevel).toBe(false);
    expect(parseRunArgs(['--profile', 'quick']).addGpuCoreLevel).toBe(false);
  });

  it('study with explicit levels: sorted and each once, like any --concurrency', () => {
    expect(parseRunArgs(['--profile', 'study', '--concurrency', '16,4,16'])).toMatchObject({ concurrency: [4, 16], addGpuCoreLevel: false });
  });

  it('explicit flags override the profile, whatever their position', () => {
    expect(parseRunArgs(['--concurrency', '3', '--profile', 'quick', '--max-tokens', '32'])).toMatchObject({
      concurrency: [3],
      maxTokens: 32,
    });
    expect(parseRunArgs(['--cooldown', '0', '--profile', 'study'])).toMatchObject({
      concurrency: [1, 2, 4, 8, 16, 32, 64, 128, 256],
      cooldownMs: 0,
    });
    expect(parseRunArgs(['--profile', 'study', '--max-tokens', '1000']).maxTokens).toBe(1000);
  });
});

describe('parseRunArgs rejects bad input with one line naming the flag', () => {
  const missing = () => file('does-not-exist.txt');
  const cases: [string, () => string[], string][] = [
    // [what, argv, text the message must contain]
    ['unknown option', () => ['--foo'], 'unknown option --foo; see tokenbench run --help'],
    ['unknown option with value', () => ['--foo=bar'], 'unknown option --foo'],
    ['unknown short option', () => ['-x'], 'unknown option -x'],
    ['typo gets a suggestion', () => ['--concurency', '2'], 'did you mean --concurrency?'],
    ['positional argument', () => ['http://x'], 'unexpected argument "http://x"'],
    ['missing value at the end', () => ['--model'], '--model: missing value'],
    ['value swallowed by the next flag', () => ['--url', '--json'], '--url: missing value'],
    ['negative value without =', () => ['--concurrency', '-1'], '--concurrency: missing value'],
    ['boolean given a value', () => ['--json=yes'], '--json: takes no value'],
    ['repeated value flag', () => ['--model', 'a', '--model', 'b'], '--model: given more than once'],
    ['url not a URL', () => ['--url', 'not a url'], '--url: "not a url" is not a URL'],
    ['url without scheme', () => ['--url', 'localhost:11434'], '--url: "localhost:11434" has no http:// or https:// scheme'],
    ['url bad scheme', () => ['--url', 'ftp://127.0.0.1'], '--url: scheme "ftp:" is not supported'],
    ['url with credentials', () => ['--url', 'http://user:pw@127.0.0.1:11434'], '--url: must not contain a user name'],
    ['url with query', () => ['--url', 'http://127.0.0.1:11434/?x=1'], '--url: must not contain a query'],
    ['url with empty query', () => ['--url', 'http://127.0.0.1:11434?'], '--url: must not contain a query'],
    ['url with fragment', () => ['--url', 'http://127.0.0.1:11434#top'], '--url: must not contain a query'],
    ['url empty', () => ['--url='], '--url:'],
    ['api unknown', () => ['--api', 'vllm'], '--api: "vllm" is not one of ollama, openai'],
    ['model empty', () => ['--model', ' '], '--model: empty value'],
    ['concurrency x', () => ['--concurrency', '1,x'], '--concurrency: "x" is not a positive integer (expected e.g. 1,2,4,8)'],
    ['concurrency 0', () => ['--concurrency', '0'], '--concurrency: "0" is not a positive integer'],
    ['concurrency -1', () => ['--concurrency=-1'], '--concurrency: "-1" is not a positive integer'],
    ['concurrency 1.5', () => ['--concurrency', '1.5'], '--concurrency: "1.5" is not a positive integer'],
    ['concurrency 1e2', () => ['--concurrency', '1e2'], '--concurrency: "1e2" is not a positive integer'],
    ['concurrency 0x10', () => ['--concurrency', '0x10'], '--concurrency: "0x10" is not a positive integer'],
    ['concurrency empty item', () => ['--concurrency', '1,,2'], '--concurrency: empty item in "1,,2"'],
    ['concurrency trailing comma', () => ['--concurrency', '1,2,'], '--concurrency: empty item'],
    ['concurrency empty', () => ['--concurrency='], '--concurrency: no value'],
    ['concurrency too large', () => ['--concurrency', '1,4097'], '--concurrency: 4097 is above the limit of 4096'],
    ['concurrency huge', () => ['--concurrency', '99999999999999999999'], '--concurrency: 99999999999999999999 is above'],
    ['mode unknown', () => ['--mode', 'ramp'], '--mode: "ramp" is not one of burst, sustained, rate, sweep'],
    ['duration in burst mode', () => ['--duration', '30'], '--duration: only applies to --mode sustained'],
    ['requests in burst mode', () => ['--requests', '10'], '--requests: only applies to --mode sustained'],
    ['sustained without an end', () => ['--mode', 'sustained'], '--mode sustained: needs --duration'],
    ['sustained with both ends', () => ['--mode', 'sustained', '--duration', '5', '--requests', '5'], '--duration and --requests'],
    ['duration zero', () => ['--mode', 'sustained', '--duration', '0'], '--duration: "0" is too short'],
    ['duration bad unit', () => ['--mode', 'sustained', '--duration', '30x'], '--duration: "30x" is not a time'],
    ['duration negative', () => ['--mode', 'sustained', '--duration=-5'], '--duration: "-5" is not a time'],
    ['duration too long for a timer', () => ['--mode', 'sustained', '--duration', '1000h'], '--duration: "1000h" is too long'],
    ['requests zero', () => ['--mode', 'sustained', '--requests', '0'], '--requests: 0 is too small'],
    ['requests decimal', () => ['--mode', 'sustained', '--requests', '2.5'], '--requests: "2.5" is not a whole number'],
    ['prompt and prompt-file', () => ['--prompt', 'a', '--prompt-file', file('prompt.txt')], '--prompt and --prompt-file'],
    ['prompt empty', () => ['--prompt', ''], '--prompt: empty value'],
    ['prompt-file missing', () => ['--prompt-file', missing()], '--prompt-file: no such file'],
    ['prompt-file empty', () => ['--prompt-file', file('empty.txt')], '--prompt-file:'],
    ['prompt-file blank', () => ['--prompt-file', file('blank.txt')], 'is empty'],
    ['prompt-file not UTF-8', () => ['--prompt-file', file('latin1.txt')], 'is not valid UTF-8 text'],
    ['prompt-file a folder', () => ['--prompt-file', file('folder')], '--prompt-file: not a regular file'],
    ['max-tokens zero', () => ['--max-tokens', '0'], '--max-tokens: 0 is too small'],
    ['max-tokens word', () => ['--max-tokens', 'lots'], '--max-tokens: "lots" is not a whole number'],
    ['cooldown negative', () => ['--cooldown=-1'], '--cooldown: "-1" is not a time'],
    ['cooldown word', () => ['--cooldown', 'ten'], '--cooldown: "ten" is not a time'],
    ['timeout zero', () => ['--timeout', '0'], '--timeout: "0" is too short'],
    ['timeout infinity', () => ['--timeout', 'Infinity'], '--timeout: "Infinity" is not a time'],
    ['idle-timeout zero', () => ['--idle-timeout', '0s'], '--idle-timeout: "0s" is too short'],
    ['think and no-think', () => ['--think', '--no-think'], '--think and --no-think cannot be used together'],
    ['telemetry unknown', () => ['--telemetry', 'all'], '--telemetry: "all" is not one of auto, none, process, gpu'],
    ['sample-interval too small', () => ['--sample-interval', '99'], '--sample-interval: 99 ms is too small (expected at least 100 ms)'],
    ['sample-interval decimal', () => ['--sample-interval', '150.5'], '--sample-interval: "150.5" is not a whole number'],
    ['out empty', () => ['--out', ''], '--out: empty value'],
    ['runs empty', () => ['--runs', ''], '--runs: empty value'],
    ['runs and out', () => ['--runs', 'a', '--out', 'b'], '--runs and --out cannot be used together'],
    ['gguf with url', () => ['--gguf', file('fake.gguf'), '--url', 'http://127.0.0.1:1'], '--gguf and --url cannot be used together'],
    ['gguf missing', () => ['--gguf', missing()], '--gguf: no such file'],
    ['gguf not a model', () => ['--gguf', file('not-a-model.gguf')], '--gguf: '],
    ['gguf too short', () => ['--gguf', file('short.gguf')], 'is not a GGUF model file'],
    ['gguf a folder', () => ['--gguf', file('folder')], '--gguf: not a regular file'],
    ['endpoint unknown', () => ['--endpoint', 'completions'], '--endpoint: "completions" is not one of generate, chat'],
    ['endpoint with openai', () => ['--api', 'openai', '--endpoint', 'chat'], '--endpoint: only applies to --api ollama'],
    ['profile unknown', () => ['--profile', 'fast'], '--profile: "fast" is not one of quick, study'],
  ];

  it.each(cases)('%s', (_what, argv, expected) => {
    const error = errorOf(argv());
    expect(error.message).toContain(expected);
    expect(error.message).not.toMatch(/[\r\n]/);
    expect(error.message.length).toBeLessThan(200);
    expect(exitCodeOf(error)).toBe(2);
  });

  it('escapes newlines of the offending value so the message stays one line', () => {
    const error = errorOf(['--concurrency', '1\n2']);
    expect(error.message).toBe('--concurrency: "1\\n2" is not a positive integer (expected e.g. 1,2,4,8)');
  });

  it('shortens a very long offending value', () => {
    const error = errorOf(['--api', 'x'.repeat(5000)]);
    expect(error.message.length).toBeLessThan(120);
    expect(error.message).toContain('…');
  });

  it('names the file in prompt-file errors', () => {
    expect(errorOf(['--prompt-file', file('empty.txt')]).message).toBe(
      `--prompt-file: ${JSON.stringify(file('empty.txt'))} is empty`,
    );
  });
});
