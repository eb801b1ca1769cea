// The schemas a reader checks requests.jsonl lines, starts.jsonl lines and summary.json against
// (common/results.ts has the shapes; docs/run-format.md the files). A run folder may come from anyone:
// a line that does not pass is skipped with a warning saying why, never handed to a report or a screen.
// Objects are loose: a field a newer Tokenbench writes passes through unchecked but untouched.
import * as z from 'zod/mini';
import { LEVEL_MODES } from './levels.js';
import {
  ERROR_KINDS,
  type EnergySummary,
  type GoodputSummary,
  type InterruptedLevel,
  type ItlHistogram,
  type ItlStats,
  type LevelSummary,
  type RequestError,
  type RequestRecord,
  type RequestStart,
  type SaturationFinding,
  type ServerCounters,
  type Stats,
  type StatsWithTail,
} from './results.js';
import { ARRIVAL_PROCESSES } from './run-config.js';
import { SLO_OBJECTIVES, type Slo } from './slo.js';
import type { KeysMatch } from './schema-keys.js';

const count = z.int().check(z.minimum(0));

/**
 * An array of one primitive type, checked in one loop. The playback arrays hold a value per token chunk (a
 * 300k-request run, tens of millions): zod's z.array would check and copy each element and double a
 * report's read time.
 */
function arrayOf<T extends 'string' | 'number'>(type: T, what: string) {
  type Element = T extends 'string' ? string : number;
  return z.custom<Element[]>(
    (value) => {
      if (!Array.isArray(value)) return false;
      for (const element of value) {
        if (typeof element !== type || (type === 'number' && !Number.isFinite(element))) return false;
      }
      return true;
    },
    { error: `expected a list of ${what}` },
  );
}
const time = z.nullable(z.number());

const errorShape = { kind: z.enum(ERROR_KINDS), message: z.string(), httpStatus: z.optional(z.number()) };
const itlShape = { p50: z.number(), p90: z.number(), p99: z.number(), max: z.number() };
const serverShape = {
  promptTokens: z.optional(z.number()),
  outputTokens: z.optional(z.number()),
  reasoningTokens: z.optional(z.number()),
  promptEvalMs: z.optional(z.number()),
  evalMs: z.optional(z.number()),
  loadMs: z.optional(z.number()),
  totalMs: z.optional(z.number()),
  tokensPerSecond: z.optional(z.number()),
  doneReason: z.optional(z.string()),
  cachedPromptTokens: z.optional(z.number()),
  evaluatedPromptTokens: z.optional(z.number()),
};

const requestShape = {
  level: z.number(),
  index: count,
  status: z.enum(['ok', 'error']),
  error: z.nullable(z.looseObject(errorShape)),
  startedAt: z.number(),
  firstByteMs: time,
  ttftMs: time,
  firstAnswerMs: time,
  lastTokenMs: time,
  e2eMs: time,
  outputTokens: z.number(),
  tokenSource: z.enum(['server', 'chunks', 'words']),
  chunks: count,
  thinkingTokens: z.number(),
  tokensPerSecond: time,
  itlMs: z.nullable(z.looseObject(itlShape)),
  queueMs: time,
  server: z.nullable(z.looseObject(serverShape)),
  text: z.string(),
  pieces: arrayOf('string', 'strings'),
  pieceOffsetsMs: arrayOf('number', 'numbers'),
  pieceKinds: z.string(),
  truncatedForStorage: z.optional(z.literal(true)),
  // Load shapes (docs/metrics.md § Load shapes): absent in records written before them.
  mode: z.optional(z.enum(LEVEL_MODES)),
  levelIndex: z.optional(count),
  repeat: z.optional(count),
  rate: z.optional(z.number()),
  scheduledAt: z.optional(z.number()),
  clientQueueMs: z.optional(z.number()),
  // Workload (docs/run-format.md § Workload): absent in records written before it.
  promptIndex: z.optional(count),
  conversation: z.optional(count),
  turn: z.optional(z.number()),
  inputTokens: z.optional(z.number()),
  maxTokens: z.optional(z.number()),
  clientMs: z.optional(z.number()),
};

/** One line of requests.jsonl. Playback (docs/playback.md) walks pieces, offsets and kinds together: one each per chunk. */
export const requestRecordSchema = z.looseObject(requestShape).check(
  z.refine((r) => r.pieceOffsetsMs.length === r.pieces.length && r.pieceKinds.length === r.pieces.length, {
    error: 'pieces, pieceOffsetsMs and pieceKinds differ in length',
  }),
);

const startShape = {
  level: z.number(),
  index: count,
  startedAt: z.number(),
  mode: z.optional(z.enum(LEVEL_MODES)),
  levelIndex: z.optional(count),
  repeat: z.optional(count),
  rate: z.optional(z.number()),
};

/** One line of starts.jsonl: a request handed to the HTTP client. */
export const requestStartSchema = z.looseObject(startShape);

const statsShape = {
  mean: z.number(),
  min: z.number(),
  max: z.number(),
  p50: z.number(),
  p90: z.number(),
  p95: z.number(),
  p99: z.number(),
  stddev: z.number(),
};
const stats = z.nullable(z.looseObject(statsShape));
const statsWithTailShape = { ...statsShape, p5: z.number(), p1: z.number() };

const energyShape = {
  joules: z.number(),
  watts: z.number(),
  joulesPerToken: z.nullable(z.number()),
  tokensPerJoule: z.nullable(z.number()),
  source: z.string(),
  samples: z.number(),
  cpuJoules: z.optional(z.number()),
  combinedJoules: z.optional(z.number()),
  combinedJoulesPerToken: z.optional(z.nullable(z.number())),
};

const interruptedShape = { sent: z.nullable(count), lost: z.nullable(count) };

const ratio = z.nullable(z.number());
const saturationShape = {
  saturated: z.boolean(),
  reasons: z.array(z.enum(['wait-grows', 'late-starts', 'requests-fail'])),
  fitted: count,
  waitSlopeMsPerS: ratio,
  waitSlopeLowMsPerS: ratio,
  waitGrowthMs: ratio,
  lateShare: ratio,
  failedShare: ratio,
};
const sloShape = {
  ttftMs: z.optional(z.number()),
  itlMs: z.optional(z.number()),
  e2eMs: z.optional(z.number()),
  tokensPerSecond: z.optional(z.number()),
};
const goodputShape = {
  slo: z.looseObject(sloShape),
  requests: count,
  good: count,
  goodShare: ratio,
  goodputRequestsPerSecond: z.number(),
  missed: z.record(z.enum([...SLO_OBJECTIVES, 'error']), count),
};
const itlHistogramShape = { edgesMs: arrayOf('number', 'numbers'), counts: arrayOf('number', 'numbers') };

const levelShape = {
  concurrency: z.number(),
  mode: z.enum(LEVEL_MODES),
  requests: count,
  ok: count,
  errors: count,
  errorsByKind: z.partialRecord(z.enum(ERROR_KINDS), count),
  startedAt: z.number(),
  endedAt: z.number(),
  wallMs: z.number(),
  outputTokensTotal: z.number(),
  throughputTokensPerSecond: z.number(),
  ttftMs: stats,
  firstAnswerMs: stats,
  tokensPerSecond: z.nullable(z.looseObject(statsWithTailShape)),
  e2eMs: stats,
  outputTokens: stats,
  queueMs: stats,
  itlP99Ms: stats,
  serverTokensPerSecond: stats,
  energy: z.optional(z.nullable(z.looseObject(energyShape))),
  interrupted: z.optional(z.looseObject(interruptedShape)),
  // Load shapes (docs/metrics.md § Load shapes): absent in summaries written before them.
  levelIndex: z.optional(count),
  repeat: z.optional(count),
  sweep: z.optional(z.enum(['synchronous', 'throughput', 'rate'])),
  rate: z.optional(z.number()),
  arrivals: z.optional(z.enum(ARRIVAL_PROCESSES)),
  seed: z.optional(z.number()),
  maxConcurrency: z.optional(count),
  activeMs: z.optional(z.number()),
  requestsPerSecond: z.optional(z.number()),
  thinkingTokens: z.optional(stats),
  clientQueueMs: z.optional(stats),
  arrivalCv: z.optional(ratio),
  notStarted: z.optional(count),
  saturation: z.optional(z.looseObject(saturationShape)),
  goodput: z.optional(z.looseObject(goodputShape)),
  itlHistogram: z.optional(z.looseObject(itlHistogramShape)),
};

/** One entry of summary.json's `levels`. */
export const levelSummarySchema = z.looseObject(levelShape);

/** summary.json: checked entry by entry (main/store/run-reader.ts), so one damaged level does not hide the others. */
export const summaryFileSchema = z.looseObject({ levels: z.array(z.unknown()) });

// Every key of each interface is checked, and nothing else is (see common/schema-keys.ts).
const keys: Array<true> = [
  true satisfies KeysMatch<typeof requestShape, RequestRecord>,
  true satisfies KeysMatch<typeof errorShape, RequestError>,
  true satisfies KeysMatch<typeof itlShape, ItlStats>,
  true satisfies KeysMatch<typeof serverShape, ServerCounters>,
  true satisfies KeysMatch<typeof startShape, RequestStart>,
  true satisfies KeysMatch<typeof statsShape, Stats>,
  true satisfies KeysMatch<typeof statsWithTailShape, StatsWithTail>,
  true satisfies KeysMatch<typeof energyShape, EnergySummary>,
  true satisfies KeysMatch<typeof interruptedShape, InterruptedLevel>,
  true satisfies KeysMatch<typeof levelShape, LevelSummary>,
  true satisfies KeysMatch<typeof saturationShape, SaturationFinding>,
  true satisfies KeysMatch<typeof sloShape, Slo>,
  true satisfies KeysMatch<typeof goodputShape, GoodputSummary>,
  true satisfies KeysMatch<typeof itlHistogramShape, ItlHistogram>,
];
void keys;
