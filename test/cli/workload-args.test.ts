// `tokenbench run`'s workload and remote-server flags (issue 14) → RunConfig, and their one-line refusals.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCommandLine } from '../../main/cli/command-line.js';
import { runCommand } from '../../main/cli/commands/run.js';
import { CliError } from '../../main/cli/errors.js';
import { parseRunArgs, type RunArgs } from '../../main/cli/run-args.js';

let dir: string;
const file = (name: string): string => path.join(dir, name);

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'tokenbench-workload-args-'));
  writeFileSync(file('set.jsonl'), '{"prompt": "a"}\n{"prompt": "b"}\n');
  writeFileSync(file('bad.jsonl'), '{"prompt": "a"}\nnot json\n');
  writeFileSync(file('share.json'), JSON.stringify([{ conversations: [{ from: 'human', value: 'q' }] }]));
  writeFileSync(file('ca.pem'), '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n');
  writeFileSync(file('not-ca.pem'), 'hello');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function parse(argv: string[], env: NodeJS.ProcessEnv = {}): RunArgs {
  const line = parseCommandLine(runCommand, argv);
  if (line.help) throw new Error('no help here');
  return parseRunArgs(line.values, env);
}

function problem(argv: string[], env: NodeJS.ProcessEnv = {}): string {
  try {
    parse(argv, env);
  } catch (error) {
    expect(error).toBeInstanceOf(CliError);
    const message = (error as Error).message;
    expect(message).not.toMatch(/[\r\n]/);
    return message;
  }
  throw new Error(`expected ${JSON.stringify(argv)} to be refused`);
}

describe('workload flags', () => {
  it('--input-tokens N:SD, --max-tokens N:SD, --turns, --shared-prefix-tokens, --seed, --ignore-eos', () => {
    const args = parse(['--input-tokens', '512:64', '--max-tokens', '128:16', '--turns', '4', '--shared-prefix-tokens', '1024', '--seed', '42', '--ignore-eos']);
    expect(args).toMatchObject({
      inputTokens: { mean: 512, sd: 64 },
      maxTokens: 128,
      maxTokensSd: 16,
      turns: 4,
      sharedPrefixTokens: 1024,
      seed: 42,
      ignoreEos: true,
      // A conversation needs a chat endpoint on Ollama.
      ollamaEndpoint: 'chat',
    });
    expect(parse(['--max-tokens', '64']).maxTokensSd).toBeUndefined();
    expect(parse(['--input-tokens', '256']).inputTokens).toEqual({ mean: 256, sd: 0 });
    expect(parse(['--input-tokens', '256']).ollamaEndpoint).toBe('generate');
  });

  it('a .jsonl or .json prompt file is a prompt set: its identity in the config, its prompts beside it', () => {
    const args = parse(['--prompt-file', file('set.jsonl')]);
    expect(args.promptSet).toEqual({ path: file('set.jsonl'), sha256: expect.stringMatching(/^[0-9a-f]{64}$/), format: 'jsonl', count: 2 });
    expect(args.loadedPromptSet?.items).toHaveLength(2);
    expect(args.ollamaEndpoint).toBe('chat');
    expect(parse(['--prompt-file', file('share.json')]).promptSet).toMatchObject({ format: 'sharegpt', count: 1 });
  });

  it.each([
    [['--input-tokens', '0'], '--input-tokens: 0 is too small (expected at least 1 token)'],
    [['--input-tokens', '12:x'], '--input-tokens: "12:x" is not a whole number (expected N or N:SD, e.g. 512 or 512:64)'],
    [['--input-tokens', '2000000'], '--input-tokens: 2000000 is too large (expected at most 1048576 tokens)'],
    [['--input-tokens', '10', '--prompt', 'x'], '--input-tokens and --prompt cannot be used together (synthetic prompts replace the prompt)'],
    [['--input-tokens', '10', '--prompt-file', 'x.txt'], '--input-tokens and --prompt-file cannot be used together'],
    [['--system-prompt', 'x', '--shared-prefix-tokens', '5'], '--system-prompt and --shared-prefix-tokens cannot be used together'],
    [['--turns', '0'], '--turns: 0 is too small (expected at least 1)'],
    [['--seed=-1'], '--seed: "-1" is not a whole number'],
    [['--seed', '4294967296'], '--seed: 4294967296 is too large (expected at most 4294967295)'],
    [['--ignore-eos'], '--ignore-eos: needs --max-tokens (without a length the answer would run until the context is full)'],
    [['--turns', '2', '--endpoint', 'generate'], '--endpoint generate: conversations, system prompts and prompt sets need --endpoint chat'],
    [['--prompt-file', 'x'.replace('x', '') + 'bad.jsonl'], '--prompt-file: no such file'],
  ])('%j', (argv, expected) => {
    expect(problem(argv as string[])).toContain(expected);
  });

  it('a broken prompt set: one line naming the file and the line', () => {
    expect(problem(['--prompt-file', file('bad.jsonl')])).toBe(`--prompt-file: ${JSON.stringify(file('bad.jsonl'))} line 2 is not JSON (JSONL: one JSON object per line)`);
  });
});

describe('remote-server flags', () => {
  it('--header (repeatable) and the API key reach the connection; run.json gets the names only', () => {
    const args = parse(['--url', 'https://gpu.example:8443', '--header', 'X-Org: acme-research', '--header', 'X-Trace:1', '--ca', file('ca.pem')], { TOKENBENCH_API_KEY: 'sk-env' });
    expect(args.connectionOptions).toEqual({
      headers: { 'X-Org': 'acme-research', 'X-Trace': '1', Authorization: 'Bearer sk-env' },
      insecure: false,
      ca: '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n',
    });
    expect(args.connection).toEqual({ headerNames: ['X-Org', 'X-Trace'], apiKey: true, caFile: file('ca.pem'), insecure: false });
    expect(JSON.stringify(args.connection)).not.toContain('sk-env');
    // --api-key wins over the environment.
    expect(parse(['--api-key', 'sk-flag'], { TOKENBENCH_API_KEY: 'sk-env' }).connectionOptions?.headers).toEqual({ Authorization: 'Bearer sk-flag' });
    expect(parse(['--url', 'https://h:1', '--insecure']).connectionOptions).toEqual({ headers: {}, insecure: true });
    expect(parse([]).connectionOptions).toBeUndefined();
    expect(parse([]).connection).toBeUndefined();
  });

  it.each([
    [['--header', 'no colon'], "--header: expected 'Name: value' (a header name, a colon, its value)"],
    [['--header', 'Bad Name: x'], "--header: expected 'Name: value'"],
    [['--header', 'Content-Type: text/plain'], '--header: Content-Type is set by Tokenbench itself'],
    [['--header', 'X-A: 1', '--header', 'x-a: 2'], '--header: x-a is given more than once'],
    [['--header', 'Authorization: Basic abc', '--api-key', 'k'], '--api-key and --header Authorization cannot be used together'],
    [['--api-key', ' '], '--api-key: empty value'],
    [['--ca', 'x.pem'], '--ca: only applies to an https:// --url'],
    [['--insecure'], '--insecure: only applies to an https:// --url'],
    [['--url', 'https://h:1', '--insecure', '--ca', 'x.pem'], '--ca and --insecure cannot be used together'],
  ])('%j', (argv, expected) => {
    expect(problem(argv as string[])).toContain(expected);
  });

  it('the environment key alone, empty: refused naming the variable; a PEM file without a certificate: refused', () => {
    expect(problem([], { TOKENBENCH_API_KEY: '' })).toBe("TOKENBENCH_API_KEY: empty value (expected the server's API key)");
    expect(problem(['--url', 'https://h:1', '--ca', file('not-ca.pem')])).toBe(`--ca: ${JSON.stringify(file('not-ca.pem'))} holds no PEM certificate (-----BEGIN CERTIFICATE-----)`);
  });

  it('a header value is never quoted in a message (it may be a secret)', () => {
    expect(problem(['--header', 'X-Secret: sk-123\u0000'])).not.toContain('sk-123');
  });
});
