import { describe, expect, it } from 'vitest';
import type { RunEvent } from '../../common/api.js';
import { applyEvents, applySnapshot, initialLiveState, MAX_LIVE_RECORDS } from '../../renderer/live/live-state.js';
import { sampleDetail, simulatedRecords } from './sample-data.js';

describe('live state', () => {
  it('keeps records, progress, the latest telemetry and level summaries of its own run only', () => {
    const records = simulatedRecords(4, 1_000);
    const events: RunEvent[] = [
      { type: 'phase', runId: 'r', phase: 'level', levelIndex: 0, concurrency: 4 },
      { type: 'requests', runId: 'r', records: records.slice(0, 2) },
      { type: 'requests', runId: 'other', records },
      { type: 'progress', runId: 'r', levelIndex: 0, levelCount: 1, done: 2, total: 4, liveTokensPerSecond: 50, etaMs: 1000, errors: 0 },
      { type: 'telemetry', runId: 'r', gpu: { gpuPowerW: 9 }, process: [] },
      { type: 'telemetry', runId: 'r', gpu: null, process: [{ pid: 1 }] },
      { type: 'requests', runId: 'r', records: records.slice(2) },
      { type: 'progress', runId: 'r', levelIndex: 0, levelCount: 1, done: 4, total: 4, liveTokensPerSecond: 60, etaMs: 0, errors: 0 },
    ];
    const state = applyEvents(initialLiveState('r'), events, 5_000);
    expect(state.records.map((r) => r.index)).toEqual([0, 1, 2, 3]);
    expect(state.received).toBe(4);
    expect(state.progress?.done).toBe(4);
    expect(state.gpu).toEqual({ gpuPowerW: 9 }); // a tick without a GPU reading keeps the last one
    expect(state.process).toEqual([{ pid: 1 }]);
    expect(state.rate).toEqual([
      { x: 0, y: 50 },
      { x: 0, y: 60 },
    ]);
    const later = applyEvents(state, [{ type: 'progress', runId: 'r', levelIndex: 0, levelCount: 1, done: 4, total: 4, liveTokensPerSecond: 70, etaMs: 0, errors: 0 }], 7_500);
    expect(later.rate.at(-1)).toEqual({ x: 2.5, y: 70 });
    expect(applyEvents(state, [{ type: 'requests', runId: 'other', records }], 9_000)).toBe(state);
  });

  it('keeps only the most recent records but counts them all', () => {
    const one = simulatedRecords(1, 0)[0];
    const many = Array.from({ length: MAX_LIVE_RECORDS + 10 }, (_, index) => ({ ...one, index }));
    const state = applyEvents(initialLiveState('r'), [{ type: 'requests', runId: 'r', records: many }], 0);
    expect(state.records).toHaveLength(MAX_LIVE_RECORDS);
    expect(state.records[0].index).toBe(10);
    expect(state.received).toBe(MAX_LIVE_RECORDS + 10);
  });

  it('keeps two requests with the same level and index that started at different times', () => {
    const [first] = simulatedRecords(1, 1_000);
    const again = { ...first, startedAt: first.startedAt + 60_000 };
    const state = applyEvents(initialLiveState('r'), [{ type: 'requests', runId: 'r', records: [first, again, first] }], 0);
    expect(state.records).toEqual([first, again]);
    expect(state.received).toBe(2);
  });

  it('merges the run folder snapshot with events without showing a request twice', () => {
    const detail = sampleDetail('r', [1, 2], 'running');
    const fromEvents = applyEvents(initialLiveState('r'), [{ type: 'requests', runId: 'r', records: detail.requests.slice(0, 2) }], 0);
    const merged = applySnapshot(fromEvents, detail, 0);
    expect(merged.records.map((r) => `${r.level}/${r.index}`)).toEqual(['1/0', '2/0', '2/1']);
    expect(merged.received).toBe(3);
    expect(merged.levels.map((l) => l.concurrency)).toEqual([1, 2]);
    expect(merged.finished).toBeNull();
    // The run's levels, so that a view opened mid-level can name the level its phase event announced.
    expect(merged.plannedLevels).toEqual(detail.manifest.config.concurrency);
    expect(fromEvents.plannedLevels).toBeNull();
    const ended = applySnapshot(initialLiveState('r'), { ...detail, manifest: { ...detail.manifest, status: 'interrupted' } }, 0);
    expect(ended.finished).toEqual({ type: 'finished', runId: 'r', status: 'interrupted', reason: null });
  });

  it('keeps every level of a run with rate levels and repeats, even those that share a concurrency', () => {
    const summary = sampleDetail('r', [1]).levels[0];
    const events: RunEvent[] = [0, 1].flatMap((repeat) =>
      [0, 1].map((levelIndex): RunEvent => ({ type: 'level', runId: 'r', summary: { ...summary, concurrency: 0, mode: 'rate', rate: levelIndex + 1, levelIndex, repeat } })),
    );
    const state = applyEvents(initialLiveState('r'), [...events, events[1]], 0);
    expect(state.levels.map((l) => [l.repeat, l.rate])).toEqual([
      [0, 1],
      [1, 1],
      [1, 2],
      [0, 2],
    ]);
  });
});
