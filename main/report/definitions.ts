// The wording of every metric definition, taken from docs/metrics.md. Reports and
// screens print these strings rather than their own paraphrase, so a definition never differs
// between screen, file and docs.

export interface Definition {
  term: string;
  text: string;
}

export const DEFINITIONS: readonly Definition[] = [
  {
    term: 'TTFT (wait)',
    text:
      'time from the moment the request is handed to the HTTP client (t0) to the first chunk that carries at ' +
      'least one generated token (answer or thinking); empty/role-only chunks do not count. Where the server ' +
      'reports prompt/load durations, the estimated queue time TTFT − prompt_eval − load is kept beside it.',
  },
  {
    term: 'Output tokens',
    text:
      "the server's own count when it reports one, otherwise the number of token-carrying chunks; never words.",
  },
  {
    term: 'Tokens/s (t/s, per request, decode speed)',
    text:
      '(output tokens − 1) / (last token − TTFT); needs ≥ 2 tokens. The slow tail (p5, p1) is what the ' +
      "slowest requests felt. The server's own rate (eval_count / eval_duration) is kept beside it.",
  },
  { term: 'ITL', text: 'gaps between consecutive token chunks (first token excluded).' },
  { term: 'Duration (E2E)', text: 't0 to the end of the response (final chunk / [DONE]), wait included.' },
  {
    term: 'Aggregate throughput',
    text: "Σ output tokens of the level's ok requests / the level's wall time (first request start to last end).",
  },
  {
    term: 'Energy',
    text:
      "GPU power samples integrated over the level's window: joules, average watts (joules / window " +
      "seconds), and joules per output token of the level.",
  },
  {
    term: 'Percentiles',
    text: 'linear interpolation between closest ranks (numpy/pandas default); stddev is the sample one (n − 1).',
  },
  {
    term: 'Errors',
    text:
      "a request is ok only if it finished with the server's end marker and produced at least one token; every " +
      'other outcome is an error with a kind. Errors never enter the averages (TTFT, t/s, duration).',
  },
];

/** The one-line legend under the CLI's end-of-run table. */
export const STUDY_TABLE_LEGEND =
  'TTFT = time to first token (the wait); t/s = decode speed per request, (output tokens − 1) / (last token − TTFT), ' +
  'slow tail = p5; Duration = E2E, t0 to the end of the response; Throughput = Σ output tokens / level wall time; ' +
  'averages and percentiles over ok requests only.';
