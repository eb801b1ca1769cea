// The wording of every metric definition, taken from docs/metrics.md.
// The dashboard, the live view, the HTML and Markdown reports and the CLI legend print these strings
// rather than their own paraphrase, so a definition never differs between screen, file and docs.

export interface Definition {
  term: string;
  text: string;
}

/** Each definition by what it defines, for a screen that names one (the live view's charts). */
export const METRIC = {
  ttft: {
    term: 'TTFT (wait)',
    text:
      'time from the moment the request is handed to the HTTP client (t0) to the first chunk that carries at ' +
      'least one generated token (answer or thinking); empty/role-only chunks do not count. Where the server ' +
      'reports prompt/load durations, the estimated queue time TTFT − prompt_eval − load is kept beside it.',
  },
  outputTokens: {
    term: 'Output tokens',
    text: "the server's own count when it reports one, otherwise the number of token-carrying chunks; never words.",
  },
  tokensPerSecond: {
    term: 'Tokens/s (t/s, per request, decode speed)',
    text:
      '(output tokens − 1) / (last token − TTFT); needs ≥ 2 tokens. The slow tail (p5, p1) is what the ' +
      "slowest requests felt. The server's own rate (eval_count / eval_duration) is kept beside it.",
  },
  itl: { term: 'ITL', text: 'gaps between consecutive token chunks (first token excluded).' },
  duration: { term: 'Duration (E2E)', text: 't0 to the end of the response (final chunk / [DONE]), wait included.' },
  throughput: {
    term: 'Aggregate throughput',
    text: "Σ output tokens of the level's ok requests / the level's wall time (first request start to last end).",
  },
  energy: {
    term: 'Energy',
    text:
      "GPU power samples integrated over the level's window: joules, average watts (joules / window " +
      'seconds), and joules per output token of the level.',
  },
  percentiles: {
    term: 'Percentiles',
    text: 'linear interpolation between closest ranks (numpy/pandas default); stddev is the sample one (n − 1).',
  },
  errors: {
    term: 'Errors',
    text:
      "a request is ok only if it finished with the server's end marker and produced at least one token; every " +
      'other outcome is an error with a kind. Errors never enter the averages (TTFT, t/s, duration).',
  },
} as const satisfies Record<string, Definition>;

/** Every definition, in the order reports list them. */
export const DEFINITIONS: readonly Definition[] = [
  METRIC.ttft,
  METRIC.outputTokens,
  METRIC.tokensPerSecond,
  METRIC.itl,
  METRIC.duration,
  METRIC.throughput,
  METRIC.energy,
  METRIC.percentiles,
  METRIC.errors,
];

/** "TTFT (wait): time from …" — one definition as one line of text. */
export function definitionLine(definition: Definition): string {
  return `${definition.term}: ${definition.text}`;
}

/** The one-line legend under the study's table (CLI end of run, Markdown, dashboard, live view). */
export const STUDY_TABLE_LEGEND =
  'TTFT = time to first token (the wait); t/s = decode speed per request, (output tokens − 1) / (last token − TTFT), ' +
  'slow tail = p5; Duration = E2E, t0 to the end of the response; Throughput = Σ output tokens / level wall time; ' +
  'averages and percentiles over ok requests only.';
