import { applyProfile, PROFILE_NAMES } from '../../common/profiles.js';
import {
  API_KINDS,
  DEFAULTS,
  MAX_INPUT_TOKENS,
  MAX_TURNS,
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
} from './flag-values.js';
import { LOAD_SHAPE_FLAG_MESSAGES, parseLoadShapeFlags } from './load-shape-flags.js';
import { checkGgufFile, readPromptSource } from './input-files.js';
import type { ConnectionOptions } from '../engine/connection-pool.js';
import type { PromptSet } from '../engine/workload/prompt-set.js';
import { connectionFromFlags, parseLength } from './workload-flags.js';
import { parseModelList } from '../run/model-series.js';

/** What `tokenbench run` was asked to do: a validated RunConfig plus what only the CLI needs. */
export type RunArgs = RunConfig & {
  /** Print the summary as JSON on stdout. */
  json: boolean;
  /** Absolute path of the GGUF file for the built-in engine; `url` is then replaced by its address. */
  gguf?: string;
  /** The study profile's levels gain the GPU core count (the study's 19) once the host is known. */
  addGpuCoreLevel: boolean;
  // Issue 11 (discovery): no target named.
  /** Neither --url nor --gguf: benchmark the local server discovery finds, else the built-in engine (run-target.ts). */
  findTarget: boolean;
  /** `--prompt-file` read as a prompt set (JSONL, ShareGPT); run.json records its identity (`promptSet`), not its prompts. */
  loadedPromptSet?: PromptSet;
  /** Headers (`--header`, the API key) and TLS trust (`--ca`, `--insecure`): secrets, never recorded (`connection` is what run.json says of them). */
  connectionOptions?: ConnectionOptions;
  /** `--model a,b,c`: the models to run the same plan against in turn (RunConfig's `model` stays unset). */
  models?: string[];
};

const SEE_HELP = 'see tokenbench run --help';

/**
 * Turns the flags of `tokenbench run` (as the shared parser gave them) into RunArgs. Throws CliError
 * (one line, naming the flag) for anything wrong; reads `--prompt-file` and checks `--gguf` on disk,
 * nothing else.
 */
export function parseRunArgs(values: FlagValues<typeof RUN_OPTIONS>, env: NodeJS.ProcessEnv = process.env): RunArgs {
  const conflict = (a: string, b: string, why: string): void => {
    if (values[a as keyof typeof values] !== undefined && values[b as keyof typeof values] !== undefined) {
      throw new CliError(`--${a} and --${b} cannot be used together (${why})`);
    }
  };
  conflict('prompt', 'prompt-file', 'give the prompt inline or in a file');
  conflict('think', 'no-think', 'choose one');
  conflict('gguf', 'url', '--gguf starts the built-in engine on its own address');
  conflict('runs', 'out', '--out is the first name of --runs');
  workloadConflicts(conflict);

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
  const promptSource = values['prompt-file'] === undefined ? undefined : readPromptSource('--prompt-file', values['prompt-file']);
  if (promptSource?.kind === 'text') chosen.prompt = promptSource.prompt;
  if (promptSource?.kind === 'set') chosen.promptSet = promptSource.info;
  if (values['max-tokens'] !== undefined) {
    const length = parseLength('--max-tokens', values['max-tokens']);
    chosen.maxTokens = length.mean;
    if (length.sd > 0) chosen.maxTokensSd = length.sd;
  }
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
  Object.assign(chosen, parseLoadShapeFlags(values));
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

  // --- Workload and remote servers (issue 14) ---
  const workload = workloadFlags(values, plan.config);
  Object.assign(plan.config, workload);
  const connection = connectionFromFlags(values, plan.config.url, env);
  if (connection !== undefined) plan.config.connection = connection.info;
  // --- end of the workload and remote-server block ---

  // The flag checks above are at least as strict as the schema; it normalises the levels.
  const parsed = runConfigSchema.safeParse(plan.config);
  if (!parsed.success) throw new CliError(`${describeZodError(parsed.error)}; ${SEE_HELP}`);
  return {
    ...parsed.data,
    json: values.json === true,
    ...(gguf === undefined ? {} : { gguf }),
    addGpuCoreLevel: plan.addGpuCoreLevel,
    findTarget: values.url === undefined && gguf === undefined,
    ...(promptSource?.kind === 'set' ? { loadedPromptSet: promptSource.set } : {}),
    ...(connection === undefined ? {} : { connectionOptions: connection.options }),
    ...(models === undefined ? {} : { models }),
  };
}

/** The workload flags that exclude each other, checked before any file is read. */
function workloadConflicts(conflict: (a: string, b: string, why: string) => void): void {
  conflict('input-tokens', 'prompt', 'synthetic prompts replace the prompt');
  conflict('input-tokens', 'prompt-file', 'synthetic prompts replace the prompt file');
  conflict('system-prompt', 'shared-prefix-tokens', 'both are the system message; choose one');
}

/**
 * `--input-tokens`, `--turns`, `--system-prompt`, `--shared-prefix-tokens`, `--ignore-eos` (`--seed` is read with the load shapes): the
 * workload fields of RunConfig, checked against each other and against the prompt flags. A conversation
 * or a system message needs a chat endpoint: on Ollama it picks `/api/chat` unless `--endpoint generate`
 * was asked for, which is refused.
 */
function workloadFlags(values: FlagValues<typeof RUN_OPTIONS>, config: RunConfig): Partial<RunConfig> {
  const chosen: Partial<RunConfig> = {};
  if (values['input-tokens'] !== undefined) chosen.inputTokens = parseLength('--input-tokens', values['input-tokens']);
  if (values.turns !== undefined) chosen.turns = parseIntegerInRange('--turns', values.turns, 1, MAX_TURNS);
  if (values['system-prompt'] !== undefined) chosen.systemPrompt = nonBlank('--system-prompt', values['system-prompt'], 'the system prompt');
  if (values['shared-prefix-tokens'] !== undefined) {
    chosen.sharedPrefixTokens = parseIntegerInRange('--shared-prefix-tokens', values['shared-prefix-tokens'], 1, MAX_INPUT_TOKENS);
  }
  if (values['ignore-eos'] === true) {
    if (config.maxTokens === undefined) throw new CliError('--ignore-eos: needs --max-tokens (without a length the answer would run until the context is full)');
    chosen.ignoreEos = true;
  }
  const chat = (chosen.turns ?? 1) > 1 || chosen.systemPrompt !== undefined || chosen.sharedPrefixTokens !== undefined || config.promptSet !== undefined;
  if (chat && config.api !== 'openai') {
    if (values.endpoint === 'generate') {
      throw new CliError('--endpoint generate: conversations, system prompts and prompt sets need --endpoint chat (/api/generate takes one prompt)');
    }
    chosen.ollamaEndpoint = 'chat';
  }
  return chosen;
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
  ...LOAD_SHAPE_FLAG_MESSAGES,
};

function checkLoadMode(config: RunConfig): void {
  const issue = loadModeIssue(config);
  if (issue !== null) throw new CliError(LOAD_MODE_FLAG_MESSAGES[issue]);
}

function nonBlank(flag: string, raw: string, what: string): string {
  if (raw.trim() === '') throw new CliError(`${flag}: empty value (expected ${what})`);
  return raw;
}
