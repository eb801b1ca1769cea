// Loads what playback needs from a run: its detail (levels, request list) and the chosen request with
// its playback payload. Without an API or run id it stays empty and playback uses the sample text.
import { useEffect, useState } from 'react';
import type { RunDetail } from '../../common/api.js';
import type { LevelSummary, PlaybackApi, RecordedRequest } from './text.js';

export interface RunSource {
  detail: RunDetail | null;
  selected: { level: number; index: number } | null;
  request: RecordedRequest | null;
  /** The summary of the selected request's level (its mean speed drives the lane beside the replay). */
  level: LevelSummary | null;
  error: string | null;
  select(level: number, index: number): void;
}

export function useRunSource(api: PlaybackApi | undefined, runId: string | undefined): RunSource {
  const [detail, setDetail] = useState<RunDetail | null>(null);
  const [selected, setSelected] = useState<{ level: number; index: number } | null>(null);
  const [request, setRequest] = useState<RecordedRequest | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    setDetail(null);
    setSelected(null);
    setRequest(null);
    setError(null);
    if (!api || !runId) return;
    let live = true;
    api.getRun(runId).then(
      (run) => {
        if (!live) return;
        setDetail(run);
        const first = playableRequests(run)[0];
        setSelected(first ? { level: first.level, index: first.index } : null);
        if (!first) setError('This run has no successful request to replay.');
      },
      (err: unknown) => live && setError(`Could not load run ${runId}: ${message(err)}`),
    );
    return () => {
      live = false;
    };
  }, [api, runId]);

  useEffect(() => {
    if (!api || !runId || !selected) return;
    let live = true;
    api.getRequest(runId, selected.level, selected.index).then(
      (record) => live && setRequest(record),
      (err: unknown) => live && setError(`Could not load request #${selected.index}: ${message(err)}`),
    );
    return () => {
      live = false;
    };
  }, [api, runId, selected]);

  const level = detail?.levels.find((l) => l.concurrency === request?.level) ?? null;
  return { detail, selected, request, level, error, select: (lv, index) => setSelected({ level: lv, index }) };
}

function message(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** Requests worth replaying (ok, with tokens), lowest level first, then by index. */
export function playableRequests(run: RunDetail): RunDetail['requests'] {
  return run.requests
    .filter((r) => r.status === 'ok' && r.outputTokens > 0)
    .sort((a, b) => a.level - b.level || a.index - b.index);
}
