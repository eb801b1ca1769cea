// Before the first request (issue 14): pick who counts tokens (the target's own /tokenize, else the
// o200k_base BPE), learn the words synthetic prompts are made of, check one synthetic prompt against the
// count, and build the run's request plan. Never fails a run for a tokenizer: the BPE is always there.
import type { Dispatcher } from 'undici';
import type { ApiKind, RunConfig } from '../../common/run-config.js';
import type { WorkloadInfo } from '../../common/run-manifest.js';
import { createRandom, deriveSeed } from '../engine/arrivals.js';
import { PromptTokenCheck, PROMPT_TOKEN_TOLERANCE } from '../engine/workload/prompt-check.js';
import type { PromptSet } from '../engine/workload/prompt-set.js';
import { hasWorkload, RequestPlan } from '../engine/workload/request-plan.js';
import { calibrateSyntheticText, type SyntheticText } from '../engine/workload/synthetic-text.js';
import { bpeTokenizer, serverTokenizer, type Tokenizer } from '../engine/workload/tokenizer.js';

export interface WorkloadInput {
  config: RunConfig;
  model: string;
  api: ApiKind;
  origin: string;
  promptSet?: PromptSet;
  dispatcher: Dispatcher;
  headers: Readonly<Record<string, string>>;
}

export interface PreparedWorkload {
  plan: RequestPlan;
  /** run.json `workload`; absent for a run of one fixed prompt. */
  info?: WorkloadInfo;
  promptCheck: PromptTokenCheck;
  /** Lines for run.json's warnings, known before the first request. */
  warnings: string[];
}

/** Synthetic prompts checked against the tokenizer before the run. */
const CHECKED_SAMPLES = 3;

export async function prepareWorkload(input: WorkloadInput): Promise<PreparedWorkload> {
  const { config, model } = input;
  const warnings: string[] = [];
  if (config.ignoreEos === true && input.api === 'ollama') {
    warnings.push('--ignore-eos: Ollama has no option to ignore the end-of-sequence token, so it was not sent; the report shows how many answers reached their length');
  }
  const promptCheck = new PromptTokenCheck();
  if (!hasWorkload(config)) return { plan: new RequestPlan({ config, model }), promptCheck, warnings };

  const tokenizer = (await serverTokenizer({ origin: input.origin, model, dispatcher: input.dispatcher, headers: input.headers })) ?? (await bpeTokenizer());
  const notes: string[] = [];
  const needsSynthetic = config.inputTokens !== undefined || config.sharedPrefixTokens !== undefined;
  let synthetic: SyntheticText | undefined;
  if (needsSynthetic) {
    synthetic = await calibrateSyntheticText(tokenizer);
    const check = await checkSynthetic(synthetic, tokenizer, config.inputTokens?.mean ?? config.sharedPrefixTokens ?? 1, config.seed ?? 0);
    if (check !== null) warnings.push(check);
  }
  if (input.promptSet !== undefined && input.promptSet.skipped > 0) {
    notes.push(`prompt set: ${input.promptSet.skipped} entries without a user message were skipped`);
  }
  if (tokenizer.countNow === undefined && (input.promptSet !== undefined || config.systemPrompt !== undefined)) {
    notes.push("prompt-set and system-prompt texts are not counted (the server's tokenizer would cost a request per text): their records have no inputTokens");
  }
  const plan = new RequestPlan({
    config,
    model,
    ...(input.promptSet === undefined ? {} : { promptSet: input.promptSet }),
    ...(synthetic === undefined ? {} : { synthetic }),
    ...(tokenizer.countNow === undefined ? {} : { countTokens: tokenizer.countNow }),
  });
  return { plan, info: { tokenizer: tokenizer.info, notes }, promptCheck, warnings };
}

/** Counts a few synthetic prompts of `tokens` tokens; a warning when the count is off by more than 5 %. */
async function checkSynthetic(synthetic: SyntheticText, tokenizer: Tokenizer, tokens: number, seed: number): Promise<string | null> {
  for (let i = 0; i < CHECKED_SAMPLES; i++) {
    const text = synthetic.text(tokens, createRandom(deriveSeed(seed, 0xffff_fffe, i)));
    const counted = await tokenizer.count(text);
    if (Math.abs(counted - tokens) > PROMPT_TOKEN_TOLERANCE * tokens) {
      return `synthetic prompts: ${tokenizer.info.name} counts ${counted} tokens in a prompt built to be ${tokens}; lengths are off by ${(((counted - tokens) / tokens) * 100).toFixed(1)} %`;
    }
  }
  return null;
}
