// The metric definitions of docs/metrics.md, worded as the reports word them.
export const DEF = {
  ttft: 'TTFT (wait): t0 (request handed to the HTTP client) to the first chunk carrying a generated token, answer or thinking. Ok requests only; seconds.',
  tokensPerSecond:
    'Tokens/s per request (decode speed): (output tokens − 1) / (last token − TTFT). Mean, and the slow tail p5 / p1 — what the slowest requests felt.',
  throughput: "Aggregate throughput: Σ output tokens of the level's ok requests / the level's wall time (first start to last end).",
  duration: 'Duration (E2E): t0 to the end of the response, wait included. Ok requests only; seconds.',
  combined: 'Per-request speed (mean tokens/s, left) against mean duration and mean wait (TTFT), seconds (right).',
  errors:
    "Errors by kind: requests that did not end with the server's end marker and a token. Never averaged in as zeros.",
  outputTokens: "Output tokens per request: the server's own count, else token-carrying chunks; never words. Distribution over ok requests.",
  gpu: 'GPU power (W) and busy share (%) as the sampler reported them; shaded bands are the levels.',
  gpuFreq: 'GPU frequency while active (MHz); shaded bands are the levels.',
  processCpu: "Server process CPU: CPU time used in each interval ÷ the interval, % of one core (per process: the server and its runners).",
  processRam: 'Server process resident memory (RSS), MB.',
  processHandles: 'Server process threads and open file descriptors.',
  energy: "Energy: GPU power integrated over each level's window — joules, mean watts, joules per output token.",
} as const;
