// Shapes of the server's own view beside ours, the per-turn view of conversations and the reach of the
// asked output lengths (issue 14); computed by main/metrics/server-view.ts, laid out by
// common/report/server-view-table.ts. Every figure is a mean over the level's ok requests that report it;
// null when none does. Definitions: docs/metrics.md § The server's view.

/** One level: the server's figures beside ours, and the mean E2E split into where its time went. */
export interface ServerViewLevel {
  concurrency: number;
  /** Ok requests whose server reported its durations (load, prompt eval or decode): the split's base. */
  timed: number;
  /** Our figures (means over the timed requests). */
  ttftMs: number | null;
  e2eMs: number | null;
  tokensPerSecond: number | null;
  /** The server's own decode rate (eval_count / eval_duration, llama.cpp predicted_per_second). */
  serverTokensPerSecond: number | null;
  /** The server's prompt-eval rate: Σ evaluated prompt tokens / Σ prompt-eval time, tokens per second. */
  promptTokensPerSecond: number | null;
  /** The mean E2E split: load + queue + prompt eval + decode + HTTP + client = E2E. */
  split: E2eSplit | null;
}

/** Where a mean request's time went, ms; every part floored at 0. */
export interface E2eSplit {
  /** The server's model load time (Ollama load_duration). */
  loadMs: number;
  /** TTFT − prompt eval − load: waiting before the server started on the prompt (the estimated queue time). */
  queueMs: number;
  /** The server's prompt evaluation. */
  promptEvalMs: number;
  /** The server's decode (eval_duration, llama.cpp predicted_ms). */
  decodeMs: number;
  /** What is left: time on the wire and in the server's HTTP layer. */
  httpMs: number;
  /** Tokenbench's own reading of the response (clientMs). */
  clientMs: number;
}

/** One turn of the run's conversations (`--turns`): its wait and what the server took from its prompt cache. */
export interface TurnRow {
  turn: number;
  /** Ok requests of this turn. */
  requests: number;
  ttftMs: number | null;
  ttftP50Ms: number | null;
  /** Tokenbench's count of the prompt (inputTokens), where known. */
  inputTokens: number | null;
  /** The server's prompt-token count (whole prompt). */
  promptTokens: number | null;
  /** The part the server took from its cache, where it reports it. */
  cachedPromptTokens: number | null;
  /** The part the server evaluated, where it reports it. */
  evaluatedPromptTokens: number | null;
}

/** One level: how many ok answers reached the output length they asked for. */
export interface LengthReach {
  concurrency: number;
  /** Ok requests that asked for a length. */
  asked: number;
  /** Of those, answers with at least that many output tokens. */
  reached: number;
  /** The mean length asked. */
  askedTokens: number | null;
}
