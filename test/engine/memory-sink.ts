// A ResultSink that keeps what the engine hands it, for engine tests: records in end order, a copy of
// each summary as written, each warning once (as run.json keeps them).
import type { RequestRecord, RunSummary } from '../../common/results.js';
import type { ResultSink } from '../../main/engine/run-benchmark.js';

export class MemorySink implements ResultSink {
  records: RequestRecord[] = [];
  summaries: RunSummary[] = [];
  warnings: string[] = [];
  appendRequest(record: RequestRecord): void {
    this.records.push(record);
  }
  writeSummary(summary: RunSummary): void {
    this.summaries.push(structuredClone(summary));
  }
  addWarning(line: string): void {
    if (!this.warnings.includes(line)) this.warnings.push(line);
  }
}
