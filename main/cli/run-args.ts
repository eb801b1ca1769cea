import { parseArgs } from 'node:util';
import { DEFAULTS, type LoadMode, type RunConfig } from '../../common/run-config.js';
import type { ApiKind } from '../../common/run-config.js';
import { CliError } from './errors.js';
import {
  MAX_TIMER_MS,
  parseChoice,
  parseConcurrencyList,
  parseIntegerInRange,
  parsePositiveInt,
  parseSeconds,
  parseServerUrl,
  quote,
} from './flag-values.js';
import { checkGgufFile, readPromptFile } from './input-files.js';
import { PROFILE_SETTINGS, type ProfileName } from '../engine/profiles.js';

export type OllamaEndpoint = 'generate' | 'chat';

/** What `tokenbench run` was asked to do: a validated RunConfig plus what only the CLI needs. */
export type RunArgs = RunConfig & {
  /** Print the summary as JSON on stdout. */
  json: boolean;
  /** Absolute path of the GGUF file for the built-in engine; `url` is then replaced by its address. */
  gguf?: string;
  endpoint: OllamaEndpoint;
  sampleIntervalMs: number;
  /** `-h/--help`: print RUN_HELP and exit 0; nothing else was validated. */
  help: boolean;
  /** The study profile's levels gain the GPU core count (the study's 19) once the host is known. */
  addGpuCoreLevel: boolean;
};

export const DEFAULT_SAMPLE_INTERVAL_MS = 1000;
export const MIN_SAMPLE_INTERVAL_MS = 100;

const API_KINDS: readonly ApiKind[] = ['ollama', 'openai'];
const MODES: readonly LoadMode[] = ['burst', 'sustained'];
const TELEMETRY: readonly RunConfig['telemetry'][] = ['auto', 'none', 'process', 'gpu'];
const ENDPOINTS: readonly OllamaEndpoint[] = ['generate', 'chat'];
const PROFILES: readonly ProfileName[] = ['quick', 'study'];


const OPTIONS = {
  url: { type: 'string' },
  api: { type: 'string' },
  model: { type: 'string' },
  concurrency: { type: 'string' },
  mode: { type: 'string' },
  duration: { type: 'string' },
  requests: { type: 'string' },
  prompt: { type: 'string' },
  'prompt-file': { type: 'string' },
  'max-tokens': { type: 'string' },
  cooldown: { type: 'string' },
  'no-warmup': { type: 'boolean' },
  timeout: { type: 'string' },
  'idle-timeout': { type: 'string' },
  think: { type: 'boolean' },
  'no-think': { type: 'boolean' },
  telemetry: { type: 'string' },
  'sample-interval': { type: 'string' },
  out: { type: 'string' },
  json: { type: 'boolean' },
  gguf: { type: 'string' },
  endpoint: { type: 'string' },
  profile: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** Every long option `tokenbench run` accepts, e.g. for checking that the help lists them all. */
export const RUN_OPTION_NAMES: readonly string[] = Object.keys(OPTIONS);

const SEE_HELP = 'see tokenbench run --help';

/**
 * Parses the arguments after `tokenbench run`. Throws CliError (one line, naming the flag) for
 * anything wrong; reads `--prompt-file` and checks `--gguf` on disk, nothing else.
 */
export function parseRunArgs(argv: string[]): RunArgs {
  const { values, tokens } = parseStrict(argv);
  if (values.help === true) return { ...baseConfig(), help: true };
  rejectRepeatedValues(tokens);

  const conflict = (a: string, b: string, why: string): void => {
    if (values[a as keyof typeof values] !== undefined && values[b as keyof typeof values] !== undefined) {
      throw new CliError(`--${a} and --${b} cannot be used together (${why})`);
    }
  };
  conflict('prompt', 'prompt-file', 'give the prompt inline or in a file');
  conflict('think', 'no-think', 'choose one');
  conflict('gguf', 'url', '--gguf starts the built-in engine on its own address');

  const config = baseConfig();
  if (values.profile !== undefined) {
    const profile = PROFILE_SETTINGS[parseChoice('--profile', values.profile, PROFILES)];
    config.concurrency = [...profile.concurrency];
    config.cooldownMs = profile.cooldownMs;
    if (profile.maxTokens !== undefined) config.maxTokens = profile.maxTokens;
    if (profile.timeoutMs !== undefined) config.timeoutMs = profile.timeoutMs;
  }

  if (values.url !== undefined) config.url = parseServerUrl('--url', values.url);
  if (values.api !== undefined) config.api = parseChoice('--api', values.api, API_KINDS);
  if (values.model !== undefined) config.model = nonBlank('--model', values.model, 'a model name');
  if (values.concurrency !== undefined) config.concurrency = parseConcurrencyList('--concurrency', values.concurrency);
  if (values.mode !== undefined) config.mode = parseChoice('--mode', values.mode, MODES);
  if (values.duration !== undefined) config.durationMs = parseSeconds('--duration', values.duration, { allowZero: false });
  if (values.requests !== undefined) config.requests = parsePositiveInt('--requests', values.requests);
  if (values.prompt !== undefined) config.prompt = nonBlank('--prompt', values.prompt, 'the prompt text');
  if (values['prompt-file'] !== undefined) config.prompt = readPromptFile('--prompt-file', values['prompt-file']);
  if (values['max-tokens'] !== undefined) config.maxTokens = parsePositiveInt('--max-tokens', values['max-tokens']);
  if (values.cooldown !== undefined) config.cooldownMs = parseSeconds('--cooldown', values.cooldown, { allowZero: true });
  if (values['no-warmup'] === true) config.warmup = false;
  if (values.timeout !== undefined) config.timeoutMs = parseSeconds('--timeout', values.timeout, { allowZero: false });
  if (values['idle-timeout'] !== undefined) {
    config.idleTimeoutMs = parseSeconds('--idle-timeout', values['idle-timeout'], { allowZero: false });
  }
  if (values.think === true) config.think = true;
  if (values['no-think'] === true) config.think = false;
  if (values.telemetry !== undefined) config.telemetry = parseChoice('--telemetry', values.telemetry, TELEMETRY);
  if (values.out !== undefined) config.outDir = nonBlank('--out', values.out, 'a folder');

  checkLoadMode(config);

  const endpoint = values.endpoint === undefined ? 'generate' : parseChoice('--endpoint', values.endpoint, ENDPOINTS);
  if (values.endpoint !== undefined && config.api === 'openai') {
    throw new CliError('--endpoint: only applies to --api ollama (OpenAI-compatible servers use /v1/chat/completions)');
  }
  const sampleIntervalMs =
    values['sample-interval'] === undefined
      ? DEFAULT_SAMPLE_INTERVAL_MS
      : parseIntegerInRange('--sample-interval', values['sample-interval'], MIN_SAMPLE_INTERVAL_MS, MAX_TIMER_MS, 'ms');
  const gguf = values.gguf === undefined ? undefined : checkGgufFile('--gguf', values.gguf);

  return {
    ...config,
    json: values.json === true,
    ...(gguf === undefined ? {} : { gguf }),
    endpoint,
    sampleIntervalMs,
    help: false,
    addGpuCoreLevel: values.profile === 'study' && values.concurrency === undefined,
  };
}

function baseConfig(): RunConfig & Omit<RunArgs, keyof RunConfig | 'help'> {
  return {
    url: DEFAULTS.url,
    concurrency: [...DEFAULTS.concurrency],
    mode: DEFAULTS.mode,
    prompt: DEFAULTS.prompt,
    cooldownMs: DEFAULTS.cooldownMs,
    warmup: DEFAULTS.warmup,
    timeoutMs: DEFAULTS.timeoutMs,
    idleTimeoutMs: DEFAULTS.idleTimeoutMs,
    telemetry: DEFAULTS.telemetry,
    outDir: DEFAULTS.outDir,
    json: false,
    endpoint: 'generate',
    sampleIntervalMs: DEFAULT_SAMPLE_INTERVAL_MS,
    addGpuCoreLevel: false,
  };
}

/** Burst levels send exactly N requests; sustained levels need one way to end. */
function checkLoadMode(config: RunConfig): void {
  const hasDuration = config.durationMs !== undefined;
  const hasRequests = config.requests !== undefined;
  if (config.mode === 'burst') {
    const flag = hasDuration ? '--duration' : hasRequests ? '--requests' : null;
    if (flag !== null) {
      throw new CliError(`${flag}: only applies to --mode sustained (burst mode sends N requests per level)`);
    }
    return;
  }
  if (hasDuration && hasRequests) {
    throw new CliError('--duration and --requests cannot be used together (a sustained level ends by time or by count)');
  }
  if (!hasDuration && !hasRequests) {
    throw new CliError('--mode sustained: needs --duration (e.g. 60s) or --requests (per level)');
  }
}

function nonBlank(flag: string, raw: string, what: string): string {
  if (raw.trim() === '') throw new CliError(`${flag}: empty value (expected ${what})`);
  return raw;
}

type ParsedTokens = NonNullable<ReturnType<typeof parseStrict>['tokens']>;

/** A value flag given twice is almost always a mistake in a script; say so instead of picking one. */
function rejectRepeatedValues(tokens: ParsedTokens): void {
  const seen = new Set<string>();
  for (const token of tokens) {
    if (token.kind !== 'option' || OPTIONS[token.name as keyof typeof OPTIONS]?.type !== 'string') continue;
    if (seen.has(token.name)) throw new CliError(`--${token.name}: given more than once; give it once`);
    seen.add(token.name);
  }
}

function parseStrict(argv: string[]) {
  try {
    return parseArgs({ args: argv, options: OPTIONS, strict: true, allowPositionals: false, tokens: true });
  } catch (error) {
    throw toCliError(error);
  }
}

/** parseArgs' messages span several lines and speak of "options"; the CLI promises one plain line. */
function toCliError(error: unknown): CliError {
  const code = (error as NodeJS.ErrnoException).code;
  const message = error instanceof Error ? error.message : String(error);
  const quoted = /'([^']*)'/.exec(message)?.[1] ?? '';
  const flag = quoted.split(' ')[0];
  switch (code) {
    case 'ERR_PARSE_ARGS_UNKNOWN_OPTION': {
      const guess = closestOption(flag);
      return new CliError(`unknown option ${flag}${guess ? ` (did you mean ${guess}?)` : ''}; ${SEE_HELP}`);
    }
    case 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL':
      return new CliError(`unexpected argument ${quote(quoted)}: tokenbench run takes only options; ${SEE_HELP}`);
    case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE':
      if (message.includes('does not take an argument')) return new CliError(`${flag}: takes no value`);
      if (message.includes('ambiguous')) {
        return new CliError(`${flag}: missing value (write ${flag}=VALUE for a value that starts with "-")`);
      }
      return new CliError(`${flag}: missing value; ${SEE_HELP}`);
    default:
      return new CliError(`${message.split('\n')[0]}; ${SEE_HELP}`);
  }
}

/** The known long option nearest to a typo, if it is close enough to be what was meant. */
function closestOption(flag: string): string | null {
  const typed = flag.replace(/^-+/, '');
  // Short words are a letter or two from many options: allow fewer edits the shorter the typo.
  const allowed = Math.min(2, Math.floor(typed.length / 3));
  let best: string | null = null;
  let bestDistance = allowed + 1;
  for (const name of Object.keys(OPTIONS)) {
    const distance = editDistance(typed, name);
    if (distance < bestDistance) {
      best = name;
      bestDistance = distance;
    }
  }
  return best === null ? null : `--${best}`;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(Math.min(previous[j] + 1, current[j - 1] + 1, substitution));
    }
    previous = current;
  }
  return previous[b.length];
}
