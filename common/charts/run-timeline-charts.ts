// The run over its own time (docs/reports.md): aggregate throughput, requests in flight and each request's
// TTFT against seconds since the run started, with each level's window shaded — the view GuideLLM and
// AIPerf draw to show a level settling, a queue building, or a server slowing down mid-level.
import { fixed, MISSING } from '../format.js';
import type { LevelSummary, RequestRecord } from '../results.js';
import { chartBlock, type ChartBlock, type ChartSpec, type Point, type TableData } from './chart-model.js';
import { STAT_COLORS } from './palette.js';
import { levelBands } from './telemetry-charts.js';

/** What the timeline reads of a record: with playback offsets when present, without them otherwise. */
export type TimedRecord = Pick<RequestRecord, 'status' | 'startedAt' | 'ttftMs' | 'lastTokenMs' | 'e2eMs' | 'firstByteMs' | 'outputTokens' | 'chunks' | 'pieceOffsetsMs'>;

export interface RunTimeline {
  /** Epoch ms the time axis starts from (the run's start). */
  originMs: number;
  levels: readonly LevelSummary[];
  records: readonly TimedRecord[];
}

/** About this many buckets over the run: fine enough to see a level settle, coarse enough to stay smooth. */
const TARGET_BUCKETS = 150;
const NICE_WIDTHS_S = [0.1, 0.2, 0.5, 1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 1800, 3600];
/** Most TTFT dots drawn; beyond, every k-th request (the table lists the buckets' means anyway). */
const MAX_TTFT_POINTS = 4000;

/** A request's end on the epoch clock: t0 + E2E, or the last moment seen for one that never ended. */
function endOf(r: TimedRecord): number {
  return r.startedAt + (r.e2eMs ?? r.lastTokenMs ?? r.ttftMs ?? r.firstByteMs ?? 0);
}

function bucketWidthS(spanS: number): number {
  const wanted = spanS / TARGET_BUCKETS;
  return NICE_WIDTHS_S.find((w) => w >= wanted) ?? NICE_WIDTHS_S[NICE_WIDTHS_S.length - 1];
}

/**
 * Token arrivals per bucket (every request, ok or not: what the server delivered). A token chunk counts
 * outputTokens / chunks tokens at its offset; a record without all its offsets (playback stripped, or
 * past the storage cap) spreads its tokens evenly from its first to its last token.
 */
function tokensPerBucket(records: readonly TimedRecord[], originMs: number, widthMs: number, buckets: number): number[] {
  const out = new Array<number>(buckets).fill(0);
  const add = (atMs: number, tokens: number): void => {
    const b = Math.floor((atMs - originMs) / widthMs);
    if (b >= 0 && b < buckets) out[b] += tokens;
  };
  for (const r of records) {
    if (r.chunks === 0 || r.ttftMs === null) continue;
    const perChunk = r.outputTokens / r.chunks;
    if (r.pieceOffsetsMs.length === r.chunks) {
      for (const offset of r.pieceOffsetsMs) add(r.startedAt + offset, perChunk);
      continue;
    }
    const from = r.startedAt + r.ttftMs;
    const to = r.startedAt + (r.lastTokenMs ?? r.ttftMs);
    // Even spread: each bucket gets the share of [from, to] it overlaps.
    if (to <= from) add(from, r.outputTokens);
    else addOverlap(out, originMs, widthMs, from, to, r.outputTokens / (to - from));
  }
  return out;
}

/** Time-weighted mean of requests in flight per bucket: Σ overlap of each request with the bucket / its width. */
function inFlightPerBucket(records: readonly TimedRecord[], originMs: number, widthMs: number, buckets: number): number[] {
  const out = new Array<number>(buckets).fill(0);
  for (const r of records) addOverlap(out, originMs, widthMs, r.startedAt, endOf(r), 1 / widthMs);
  return out;
}

/** Adds `perMs` × (how much of [from, to] each bucket overlaps, ms) to each bucket. */
function addOverlap(out: number[], originMs: number, widthMs: number, from: number, to: number, perMs: number): void {
  for (let b = Math.max(0, Math.floor((from - originMs) / widthMs)); b < out.length; b++) {
    const lo = originMs + b * widthMs;
    if (lo > to) break;
    const overlap = Math.min(to, lo + widthMs) - Math.max(from, lo);
    if (overlap > 0) out[b] += overlap * perMs;
  }
}

export function runTimelineChartBlocks(run: RunTimeline): ChartBlock[] {
  const { originMs, records } = run;
  const bands = levelBands(run.levels, originMs);
  let lastEnd = originMs;
  for (const r of records) lastEnd = Math.max(lastEnd, endOf(r));
  const widthS = bucketWidthS((lastEnd - originMs) / 1000);
  const widthMs = widthS * 1000;
  const buckets = records.length === 0 ? 0 : Math.max(1, Math.ceil((lastEnd - originMs) / widthMs));
  const at = (b: number): number => Math.round((b + 0.5) * widthS * 1000) / 1000;
  const xAxis = { type: 'linear' as const, title: 'Seconds since the run started', min: 0 };

  const tokens = tokensPerBucket(records, originMs, widthMs, buckets).map((t) => t / widthS);
  const inFlight = inFlightPerBucket(records, originMs, widthMs, buckets);
  const bucketTable = (header: string, values: readonly number[], digits: number): TableData => ({
    headers: ['Seconds (bucket middle)', header],
    rows: values.map((v, b) => [fixed(at(b), 1), fixed(v, digits)]),
  });
  const unavailable = 'No request was recorded.';
  const line = (yTitle: string, label: string, values: readonly number[], color: string): ChartSpec => ({
    kind: 'line',
    x: xAxis,
    y: { title: yTitle, min: 0 },
    series: [{ label, data: values.map((v, b): Point => ({ x: at(b), y: v })), color }],
    bands,
  });

  const ok = records.filter((r) => r.status === 'ok' && r.ttftMs !== null);
  const stride = Math.max(1, Math.ceil(ok.length / MAX_TTFT_POINTS));
  const dots: Point[] = [];
  for (let i = 0; i < ok.length; i += stride) dots.push({ x: (ok[i].startedAt - originMs) / 1000, y: (ok[i].ttftMs as number) / 1000 });
  const byBucket = ttftByBucket(ok, originMs, widthMs, buckets);
  const ttftTable: TableData = {
    headers: ['Seconds (bucket middle)', 'Requests started', 'TTFT mean (s)'],
    rows: byBucket.map(({ count, meanMs }, b) => [fixed(at(b), 1), String(count), meanMs === null ? MISSING : fixed(meanMs / 1000, 2)]),
  };
  const means = byBucket.flatMap(({ meanMs }, b): Point[] => (meanMs === null ? [] : [{ x: at(b), y: meanMs / 1000 }]));

  const width = `${widthS} s`;
  return [
    chartBlock(
      'timeline-throughput',
      'Throughput over the run',
      `Tokens of every stream arriving per second, in ${width} buckets; level windows shaded.`,
      buckets > 0 ? line('Tokens/s (all requests)', 'tokens/s', tokens, STAT_COLORS.mean) : null,
      bucketTable('Tokens/s', tokens, 1),
      unavailable,
    ),
    chartBlock(
      'timeline-in-flight',
      'Requests in flight over the run',
      `Requests started and not yet ended, averaged over each ${width} bucket (time-weighted); level windows shaded.`,
      buckets > 0 ? line('Requests in flight', 'in flight', inFlight, STAT_COLORS.mean) : null,
      bucketTable('Requests in flight', inFlight, 2),
      unavailable,
    ),
    chartBlock(
      'timeline-ttft',
      'TTFT over the run',
      `Each ok request's TTFT at the moment it started${stride > 1 ? ` (every ${stride}th request)` : ''}, and the mean of those started in each ${width} bucket, seconds; a rising cloud within a level is a queue building.`,
      dots.length > 0
        ? {
            kind: 'line',
            x: xAxis,
            y: { title: 'TTFT (s)', min: 0 },
            series: [
              { label: `TTFT mean per ${width}`, data: means, color: STAT_COLORS.mean },
              { label: 'TTFT, each request', data: dots, color: STAT_COLORS.wait, scatter: true },
            ],
            bands,
          }
        : null,
      ttftTable,
      'No ok request.',
    ),
  ];
}

function ttftByBucket(ok: readonly TimedRecord[], originMs: number, widthMs: number, buckets: number): Array<{ count: number; meanMs: number | null }> {
  const sums = new Array<number>(buckets).fill(0);
  const counts = new Array<number>(buckets).fill(0);
  for (const r of ok) {
    const b = Math.floor((r.startedAt - originMs) / widthMs);
    if (b < 0 || b >= buckets) continue;
    sums[b] += r.ttftMs as number;
    counts[b]++;
  }
  return counts.map((count, b) => ({ count, meanMs: count > 0 ? sums[b] / count : null }));
}
