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
    text:
      "Σ output tokens of the level's ok requests / the level's wall time (first request start to last end); for a level " +
      'that runs for a duration, the tokens that arrived in its active window / the window.',
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
  // Load shapes (docs/metrics.md § Load shapes).
  activeWindow: {
    term: 'Active window',
    text:
      "a level's first request start to its last end; a level that runs for a duration (--duration) stops starting " +
      'requests when it is up, and its window ends there: the drain of the requests still in flight is not the load it held.',
  },
  requestRate: { term: 'Request rate (req/s)', text: 'ok requests that ended inside the active window / the window, per second.' },
  clientQueue: {
    term: 'Client queue time',
    text:
      'rate levels: actual start − scheduled start, the delay the client added (--max-concurrency full, or the client late); ' +
      "never inside TTFT, and not the server's own queue estimate.",
  },
  goodput: {
    term: 'Goodput',
    text:
      'the share of a level’s requests that met every objective of the SLO (--slo; default TTFT ≤ the wait threshold and ' +
      'decode speed ≥ the speed threshold; an error meets none), and such requests per second of the active window.',
  },
  saturation: {
    term: 'Saturated',
    text:
      'a rate level whose wait (client queue + TTFT) grew by ≥ 50 ms per second of schedule (and significantly), or where ≥ 10 % ' +
      'of starts ran a mean gap late, or ≥ 10 % of requests failed or never started. A sweep stops after the first.',
  },
  repeats: {
    term: 'Repeats',
    text: "--repeat N: each figure's mean over the repeats, its 95 % confidence interval (Student's t) and CV; compare tests differences with Welch's t-test.",
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
  METRIC.activeWindow,
  METRIC.requestRate,
  METRIC.clientQueue,
  METRIC.goodput,
  METRIC.saturation,
  METRIC.repeats,
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
