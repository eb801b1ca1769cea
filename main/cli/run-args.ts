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
import type { FlagValues } from './command-line.js';
import type { RUN_OPTIONS } from './commands/run.js';
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
import { parseModelList } from '../run/model-series.js';

/** What `tokenbench run` was asked to do: a validated RunConfig plus what only the CLI needs. */
export type RunArgs = RunConfig & {
  /** Print the summary as JSON on stdout. */
  json: boolean;
  /** Absolute path of the GGUF file for the built-in engine; `url` is then replaced by its address. */
  gguf?: string;
  /** The study profile's levels gain the GPU core count (the study's 19) once the host is known. */
  addGpuCoreLevel: boolean;
  /** `--model a,b,c`: the models to run the same plan against in turn (RunConfig's `model` stays unset). */
  models?: string[];
};

const SEE_HELP = 'see tokenbench run --help';

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

  // Several models in one run: `--model a,b,c` (main/run/model-series.ts); one name stays RunConfig's `model`.
  const models = modelList(values.model);
  if (models !== undefined && values.gguf !== undefined) throw new CliError('--model with several names and --gguf cannot be used together (--gguf serves one file)');

  const profile = values.profile === undefined ? undefined : parseChoice('--profile', values.profile, PROFILE_NAMES);
  // The flags given, each checked with a message naming it; they win over the profile.
  const chosen: Partial<RunConfig> = {};
  if (values.url !== undefined) chosen.url = parseServerUrl('--url', values.url);
  if (values.api !== undefined) chosen.api = parseChoice('--api', values.api, API_KINDS);
  if (values.model !== undefined && models === undefined) chosen.model = nonBlank('--model', values.model, 'a model name');
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
  if (values.runs !== undefined) chosen.outDir = nonBlank('--runs', values.runs, 'a folder');
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
    addGpuCoreLevel: plan.addGpuCoreLevel,
    ...(models === undefined ? {} : { models }),
  };
}

/** `--model a,b,c` as a list of two or more names; undefined for one name (or none). */
function modelList(raw: string | undefined): string[] | undefined {
  if (raw === undefined || !raw.includes(',')) return undefined;
  try {
    const names = parseModelList(raw);
    return names.length > 1 ? names : undefined;
  } catch (err) {
    throw new CliError(`--model: ${err instanceof Error ? err.message : String(err)}`);
  }
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
