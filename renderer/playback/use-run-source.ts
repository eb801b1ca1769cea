// Loads what playback needs from a run: its detail (levels, request list) and the chosen request with
// its playback payload. Without an API or run id it stays empty and playback uses the sample text.
import { useEffect, useState } from 'react';
import type { RunDetail } from '../../common/api.js';
import { levelKey, recordLevelKey } from '../../common/levels.js';
import type { LevelSummary, PlaybackApi, RecordedRequest } from './text.js';

/** One recorded request: its level (with the level's place in the plan and repeat, where they tell levels apart) and index. */
export type RequestRef = Pick<RecordedRequest, 'level' | 'index' | 'levelIndex' | 'repeat'>;

/** The same request in the picker's value and React keys: the level's key (common/levels.ts) and the index. */
export function requestKey(ref: RequestRef): string {
  return `${recordLevelKey(ref)}#${ref.index}`;
}

function refOf(record: RequestRef): RequestRef {
  return { level: record.level, index: record.index, levelIndex: record.levelIndex, repeat: record.repeat };
}

export interface RunSource {
  detail: RunDetail | null;
  selected: RequestRef | null;
  request: RecordedRequest | null;
  /** The summary of the selected request's level (its mean speed drives the lane beside the replay). */
  level: LevelSummary | null;
  error: string | null;
  select(ref: RequestRef): void;
}

export function useRunSource(api: PlaybackApi | undefined, runId: string | undefined): RunSource {
  const [detail, setDetail] = useState<RunDetail | null>(null);
  const [selected, setSelected] = useState<RequestRef | null>(null);
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
        setSelected(first ? refOf(first) : null);
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
    const placement = selected.levelIndex === undefined ? undefined : { levelIndex: selected.levelIndex, repeat: selected.repeat };
    (placement ? api.getRequest(runId, selected.level, selected.index, placement) : api.getRequest(runId, selected.level, selected.index)).then(
      (record) => live && setRequest(record),
      (err: unknown) => live && setError(`Could not load request #${selected.index}: ${message(err)}`),
    );
    return () => {
      live = false;
    };
  }, [api, runId, selected]);

  const level = (request && detail?.levels.find((l) => levelKey(l) === recordLevelKey(request))) ?? null;
  return { detail, selected, request, level, error, select: (ref) => setSelected(refOf(ref)) };
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
