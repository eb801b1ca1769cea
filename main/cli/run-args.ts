import { parseArgs } from 'node:util';
import { applyProfile, PROFILE_NAMES } from '../../common/profiles.js';
import {
  API_KINDS,
  DEFAULTS,
  LOAD_MODES,
  loadModeIssue,
  MAX_TIMER_MS,
  MIN_SAMPLE_INTERVAL_MS,
  OLLAMA_ENDPOINTS,
  runConfigSchema,
  TELEMETRY_MODES,
  type LoadModeIssue,
  type RunConfig,
} from '../../common/run-config.js';
import { describeZodError } from '../../common/zod-error.js';
import { CliError } from './errors.js';
import {
  parseChoice,
  parseConcurrencyList,
  parseIntegerInRange,
  parsePositiveInt,
  parseSeconds,
  parseServerUrl,
  quote,
} from './flag-values.js';
import { checkGgufFile, readPromptFile } from './input-files.js';

/** What `tokenbench run` was asked to do: a validated RunConfig plus what only the CLI needs. */
export type RunArgs = RunConfig & {
  /** Print the summary as JSON on stdout. */
  json: boolean;
  /** Absolute path of the GGUF file for the built-in engine; `url` is then replaced by its address. */
  gguf?: string;
  /** `-h/--help`: print RUN_HELP and exit 0; nothing else was validated. */
  help: boolean;
  /** The study profile's levels gain the GPU core count (the study's 19) once the host is known. */
  addGpuCoreLevel: boolean;
};

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
  if (values.help === true) return { ...applyProfile(DEFAULTS, undefined).config, json: false, help: true, addGpuCoreLevel: false };
  rejectRepeatedValues(tokens);

  const conflict = (a: string, b: string, why: string): void => {
    if (values[a as keyof typeof values] !== undefined && values[b as keyof typeof values] !== undefined) {
      throw new CliError(`--${a} and --${b} cannot be used together (${why})`);
    }
  };
  conflict('prompt', 'prompt-file', 'give the prompt inline or in a file');
  conflict('think', 'no-think', 'choose one');
  conflict('gguf', 'url', '--gguf starts the built-in engine on its own address');

  const profile = values.profile === undefined ? undefined : parseChoice('--profile', values.profile, PROFILE_NAMES);
  // The flags given, each checked with a message naming it; they win over the profile.
  const chosen: Partial<RunConfig> = {};
  if (values.url !== undefined) chosen.url = parseServerUrl('--url', values.url);
  if (values.api !== undefined) chosen.api = parseChoice('--api', values.api, API_KINDS);
  if (values.model !== undefined) chosen.model = nonBlank('--model', values.model, 'a model name');
  if (values.concurrency !== undefined) chosen.concurrency = parseConcurrencyList('--concurrency', values.concurrency);
  if (values.mode !== undefined) chosen.mode = parseChoice('--mode', values.mode, LOAD_MODES);
  if (values.duration !== undefined) chosen.durationMs = parseSeconds('--duration', values.duration, { allowZero: false });
  if (values.requests !== undefined) chosen.requests = parsePositiveInt('--requests', values.requests);
  if (values.prompt !== undefined) chosen.prompt = nonBlank('--prompt', values.prompt, 'the prompt text');
  if (values['prompt-file'] !== undefined) chosen.prompt = readPromptFile('--prompt-file', values['prompt-file']);
  if (values['max-tokens'] !== undefined) chosen.maxTokens = parsePositiveInt('--max-tokens', values['max-tokens']);
  if (values.cooldown !== undefined) chosen.cooldownMs = parseSeconds('--cooldown', values.cooldown, { allowZero: true });
  if (values['no-warmup'] === true) chosen.warmup = false;
  if (values.timeout !== undefined) chosen.timeoutMs = parseSeconds('--timeout', values.timeout, { allowZero: false });
  if (values['idle-timeout'] !== undefined) {
    chosen.idleTimeoutMs = parseSeconds('--idle-timeout', values['idle-timeout'], { allowZero: false });
  }
  if (values.think === true) chosen.think = true;
  if (values['no-think'] === true) chosen.think = false;
  if (values.telemetry !== undefined) chosen.telemetry = parseChoice('--telemetry', values.telemetry, TELEMETRY_MODES);
  if (values.out !== undefined) chosen.outDir = nonBlank('--out', values.out, 'a folder');
  const plan = applyProfile(DEFAULTS, profile, chosen);

  checkLoadMode(plan.config);

  if (values.endpoint !== undefined) {
    plan.config.ollamaEndpoint = parseChoice('--endpoint', values.endpoint, OLLAMA_ENDPOINTS);
    if (plan.config.api === 'openai') {
      throw new CliError('--endpoint: only applies to --api ollama (OpenAI-compatible servers use /v1/chat/completions)');
    }
  }
  if (values['sample-interval'] !== undefined) {
    plan.config.sampleIntervalMs = parseIntegerInRange('--sample-interval', values['sample-interval'], MIN_SAMPLE_INTERVAL_MS, MAX_TIMER_MS, 'ms');
  }
  const gguf = values.gguf === undefined ? undefined : checkGgufFile('--gguf', values.gguf);

  // The flag checks above are at least as strict as the schema; it normalises the levels.
  const parsed = runConfigSchema.safeParse(plan.config);
  if (!parsed.success) throw new CliError(`${describeZodError(parsed.error)}; ${SEE_HELP}`);
  return {
    ...parsed.data,
    json: values.json === true,
    ...(gguf === undefined ? {} : { gguf }),
    help: false,
    addGpuCoreLevel: plan.addGpuCoreLevel,
  };
}

/** The schema's load-mode rule (common/run-config.ts), said with the flags' names. */
const LOAD_MODE_FLAG_MESSAGES: Record<LoadModeIssue, string> = {
  'burst-with-duration': '--duration: only applies to --mode sustained (burst mode sends N requests per level)',
  'burst-with-requests': '--requests: only applies to --mode sustained (burst mode sends N requests per level)',
  'sustained-with-both': '--duration and --requests cannot be used together (a sustained level ends by time or by count)',
  'sustained-without-end': '--mode sustained: needs --duration (e.g. 60s) or --requests (per level)',
};

function checkLoadMode(config: RunConfig): void {
  const issue = loadModeIssue(config);
  if (issue !== null) throw new CliError(LOAD_MODE_FLAG_MESSAGES[issue]);
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
