import { describe, expect, it } from 'vitest';
import type { RunEvent } from '../../common/api.js';
import type { LevelSummary } from '../../common/results.js';
import type { RunStatus } from '../../common/run-manifest.js';
import { callsBack, runNotice, runNotifier, type NoticeFacts, type RunNotice } from '../../common/run-notice.js';
import { computeStats, computeStatsWithTail } from '../../main/metrics/stats.js';

const finished = (status: RunStatus, reason: string | null = null) => ({ type: 'finished' as const, runId: 'run-1', status, reason });

/** A level of 4 parallel requests at 19.9 t/s with a 0.38 s TTFT. */
const LEVEL: LevelSummary = {
  concurrency: 4,
  mode: 'burst',
  requests: 4,
  ok: 4,
  errors: 0,
  errorsByKind: {},
  startedAt: 0,
  endedAt: 2_000,
  wallMs: 2_000,
  outputTokensTotal: 160,
  throughputTokensPerSecond: 80,
  ttftMs: computeStats([380, 380, 380, 380]),
  firstAnswerMs: null,
  tokensPerSecond: computeStatsWithTail([19.9, 19.9, 19.9, 19.9]),
  e2eMs: null,
  outputTokens: null,
  queueMs: null,
  itlP99Ms: null,
  serverTokensPerSecond: null,
};
const FACTS: NoticeFacts = { model: 'llama3.2:1b', levels: [{ ...LEVEL, concurrency: 1 }, LEVEL] };

describe('run notices', () => {
  it('completed and failed runs call back; cancelled runs and live events do not', () => {
    expect(callsBack(finished('completed'))).toBe(true);
    expect(callsBack(finished('failed'))).toBe(true);
    expect(callsBack(finished('interrupted'))).toBe(true);
    expect(callsBack(finished('cancelled'))).toBe(false);
    expect(callsBack({ type: 'phase', runId: 'run-1', phase: 'level', levelIndex: 0, concurrency: 1 })).toBe(false);
  });

  it('a completed run: the model in the title, the last level as the history list shows it in the body', () => {
    expect(runNotice(finished('completed'), FACTS)).toEqual({
      runId: 'run-1',
      title: 'Run completed — llama3.2:1b',
      body: '4 parallel · TTFT p95 0.38 s · 19.9 t/s p5',
    });
    expect(runNotice(finished('completed'), { model: 'm', levels: [] }).body).toBe('No level finished.');
    expect(runNotice(finished('completed'), null)).toEqual({ runId: 'run-1', title: 'Run completed', body: 'No level finished.' });
  });

  it('a failed run says why', () => {
    expect(runNotice(finished('failed', 'server unreachable: connection refused'), FACTS)).toEqual({
      runId: 'run-1',
      title: 'Run failed — llama3.2:1b',
      body: 'server unreachable: connection refused',
    });
    expect(runNotice(finished('interrupted'), null).body).toBe('No reason was recorded.');
  });
});

describe('run notifier', () => {
  function notifier(options: { supported?: boolean; facts?: () => Promise<NoticeFacts>; show?: (n: RunNotice) => void } = {}) {
    const shown: RunNotice[] = [];
    const asked: string[] = [];
    const warnings: string[] = [];
    const notify = runNotifier({
      isSupported: () => options.supported ?? true,
      facts: (runId) => (asked.push(runId), options.facts ? options.facts() : Promise.resolve(FACTS)),
      show: options.show ?? ((n) => void shown.push(n)),
      warn: (line) => void warnings.push(line),
    });
    return { notify, shown, asked, warnings };
  }

  it('shows one notice when a run completes, reading the run only then', async () => {
    const { notify, shown, asked } = notifier();
    const events: RunEvent[] = [
      { type: 'phase', runId: 'run-1', phase: 'level', levelIndex: 0, concurrency: 4 },
      { type: 'level', runId: 'run-1', summary: LEVEL },
      finished('completed'),
    ];
    for (const event of events) await notify(event);
    expect(asked).toEqual(['run-1']);
    expect(shown).toEqual([{ runId: 'run-1', title: 'Run completed — llama3.2:1b', body: '4 parallel · TTFT p95 0.38 s · 19.9 t/s p5' }]);
  });

  it('stays silent for a cancelled run and where notifications are not supported', async () => {
    const cancelled = notifier();
    await cancelled.notify(finished('cancelled', 'cancelled by user'));
    expect([cancelled.shown, cancelled.asked]).toEqual([[], []]);
    const unsupported = notifier({ supported: false });
    await unsupported.notify(finished('completed'));
    expect([unsupported.shown, unsupported.asked]).toEqual([[], []]);
  });

  it('a run that cannot be read still calls back, without the model; a failing show is a warning', async () => {
    const unreadable = notifier({ facts: () => Promise.reject(new Error('no run run-1')) });
    await unreadable.notify(finished('failed', 'boom'));
    expect(unreadable.shown).toEqual([{ runId: 'run-1', title: 'Run failed', body: 'boom' }]);
    expect(unreadable.warnings).toEqual(['notification for run run-1: cannot read the run (Error: no run run-1)']);
    const broken = notifier({
      show: () => {
        throw new Error('no notification server');
      },
    });
    await broken.notify(finished('completed'));
    expect(broken.warnings).toEqual(['notification for run run-1: Error: no notification server']);
  });
});
