import { DEFAULTS, type LoadMode, type RunConfig } from '../../common/run-config.js';
import type { ApiKind } from '../../common/run-config.js';
import type { FlagValues } from './command-line.js';
import type { RUN_OPTIONS } from './commands/run.js';
import { CliError } from './errors.js';
import {
  MAX_TIMER_MS,
  parseChoice,
  parseConcurrencyList,
  parseIntegerInRange,
  parsePositiveInt,
  parseSeconds,
  parseServerUrl,
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

/**
 * Turns the flags of `tokenbench run` (as the shared parser gave them) into RunArgs. Throws CliError
 * (one line, naming the flag) for anything wrong; reads `--prompt-file` and checks `--gguf` on disk,
 * nothing else.
 */
export function parseRunArgs(values: FlagValues<typeof RUN_OPTIONS>): RunArgs {
  const conflict = (a: string, b: string, why: string): void => {
    if (values[a as keyof typeof values] !== undefined && values[b as keyof typeof values] !== undefined) {
      throw new CliError(`--${a} and --${b} cannot be used together (${why})`);
    }
  };
  conflict('prompt', 'prompt-file', 'give the prompt inline or in a file');
  conflict('think', 'no-think', 'choose one');
  conflict('gguf', 'url', '--gguf starts the built-in engine on its own address');
  conflict('runs', 'out', '--out is the first name of --runs');

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
  if (values.runs !== undefined) config.outDir = nonBlank('--runs', values.runs, 'a folder');
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
    addGpuCoreLevel: values.profile === 'study' && values.concurrency === undefined,
  };
}

function baseConfig(): RunConfig & Omit<RunArgs, keyof RunConfig> {
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
