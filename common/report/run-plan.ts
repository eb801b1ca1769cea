// What makes two runs comparable: the same plan — API and endpoint, load shape, levels, prompt, answer
// length and thinking. The ranking warns when its runs' plans differ; the trends group runs by server,
// model and plan.
import type { RunConfig } from '../run-config.js';

/** The plan's fields, as run.json's config records them (absent ones as null). */
export interface RunPlan {
  api: string | null;
  endpoint: string | null;
  mode: string;
  concurrency: number[];
  durationMs: number | null;
  requests: number | null;
  prompt: string;
  maxTokens: number | null;
  think: boolean | null;
}

export function runPlan(config: RunConfig): RunPlan {
  return {
    api: config.api ?? null,
    endpoint: config.ollamaEndpoint ?? null,
    mode: config.mode,
    concurrency: [...config.concurrency],
    durationMs: config.durationMs ?? null,
    requests: config.requests ?? null,
    prompt: config.prompt,
    maxTokens: config.maxTokens ?? null,
    think: config.think ?? null,
  };
}

/** Equal for runs with the same plan. */
export function planKey(config: RunConfig): string {
  return JSON.stringify(runPlan(config));
}

/** "burst 1,2,4,8 · max 128 tokens · prompt “What is the…” (47 chars)": the plan in one line. */
export function planLabel(config: RunConfig): string {
  const plan = runPlan(config);
  const parts = [`${plan.mode} ${plan.concurrency.join(',')}`];
  if (plan.durationMs !== null) parts.push(`${plan.durationMs / 1000} s per level`);
  if (plan.requests !== null) parts.push(`${plan.requests} requests per level`);
  parts.push(plan.maxTokens === null ? "the server's answer length" : `max ${plan.maxTokens} tokens`);
  if (plan.think !== null) parts.push(`thinking ${plan.think ? 'on' : 'off'}`);
  if (plan.endpoint !== null) parts.push(`/api/${plan.endpoint}`);
  const head = plan.prompt.length > 24 ? `${plan.prompt.slice(0, 24)}…` : plan.prompt;
  parts.push(`prompt “${head}” (${plan.prompt.length} chars)`);
  return parts.join(' · ');
}
