// Subscribes to the run's events and folds them into state in batches: main already throttles to
// ≤ 10 events/s, and batching here keeps a 1,024-stream run to a few renders a second.
import { useEffect, useState } from 'react';
import type { RunEvent } from '../../common/api.js';
import { useBridge } from '../app/bridge-context.js';
import { EventBatcher } from './event-batcher.js';
import { applyEvents, applySnapshot, initialLiveState, type LiveState } from './live-state.js';

export const LIVE_RENDER_INTERVAL_MS = 250;

export function useLiveRun(runId: string): LiveState {
  const bridge = useBridge();
  const [state, setState] = useState(() => initialLiveState(runId));

  useEffect(() => {
    setState(initialLiveState(runId));
    const batcher = new EventBatcher<RunEvent>(
      LIVE_RENDER_INTERVAL_MS,
      (batch) => {
        const now = performance.now();
        setState((s) => applyEvents(s, batch, now));
      },
      (event) => event.type === 'finished',
    );
    const unsubscribe = bridge.onRunEvent((event) => {
      if (event.runId === runId) batcher.push(event);
    });
    // Subscribed first, then read what is already on disk: nothing falls between the two.
    let live = true;
    bridge.getRun(runId).then(
      (detail) => live && setState((s) => applySnapshot(s, detail, performance.now())),
      () => undefined, // a run not yet written (just started) is filled by its events alone
    );
    return () => {
      live = false;
      unsubscribe();
      batcher.close();
    };
  }, [bridge, runId]);

  return state;
}
