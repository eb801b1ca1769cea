// The study's table, one row per finished level, as main/metrics summarised it.
import type { LevelSummary } from '../../common/results.js';
import { DataTable } from '../charts/data-table.js';
import { fixed, integer, seconds } from '../format.js';

export function LevelTable({ levels }: { levels: LevelSummary[] }) {
  return (
    <DataTable
      table={{
        columns: [
          'Parallel',
          'Avg t/s',
          'Slow-tail t/s (p5)',
          'TTFT avg (s)',
          'TTFT p95 (s)',
          'TTFT p99 (s)',
          'Errors',
          'Duration avg (s)',
          'Duration p99 (s)',
          'Throughput t/s',
        ],
        rows: levels.map((l) => [
          String(l.concurrency),
          fixed(l.tokensPerSecond?.mean, 1),
          fixed(l.tokensPerSecond?.p5, 1),
          seconds(l.ttftMs?.mean),
          seconds(l.ttftMs?.p95),
          seconds(l.ttftMs?.p99),
          `${integer(l.errors)} / ${integer(l.requests)}`,
          seconds(l.e2eMs?.mean),
          seconds(l.e2eMs?.p99),
          fixed(l.throughputTokensPerSecond, 1),
        ]),
      }}
    />
  );
}
