// What became of a level's requests: finished ok, failed, cancelled by the user, or lost in flight when
// the run was killed. A cancelled request is not an error (the user stopped it, the server did not fail
// it), and a lost one has no outcome at all: neither is counted in the error share. Every table and the
// verdict read these counts from here.
import type { LevelSummary } from './results.js';

export interface LevelOutcomes {
  /** Requests sent: the recorded ones plus those lost in flight; null when a killed run did not record its starts. */
  sent: number | null;
  ok: number;
  /** Ended in an error of the server, the connection or the answer: `errors` without the cancelled ones. */
  failed: number;
  /** Ended because the user cancelled the run. */
  cancelled: number;
  /** Sent but never recorded (the run was killed): outcome unknown. 0 for a level that ran to its end; null when unknown. */
  lost: number | null;
}

export function levelOutcomes(level: LevelSummary): LevelOutcomes {
  const cancelled = level.errorsByKind.cancelled ?? 0;
  const interrupted = level.interrupted;
  return {
    sent: interrupted ? interrupted.sent : level.requests,
    ok: level.ok,
    failed: level.errors - cancelled,
    cancelled,
    lost: interrupted ? interrupted.lost : 0,
  };
}

/** count / (ok + failed): a share of the requests that ran their course (an error kind's); null when none did. */
export function shareOfFinished(level: LevelSummary, count: number): number | null {
  const { ok, failed } = levelOutcomes(level);
  return ok + failed > 0 ? count / (ok + failed) : null;
}

/** 100 · failed / (ok + failed): the percent of the requests that ran their course that ended in error; null when none did. */
export function failurePercent(level: LevelSummary): number | null {
  const share = shareOfFinished(level, levelOutcomes(level).failed);
  return share === null ? null : share * 100;
}
