// The run in progress, if any, with its latest progress event: found in the history at open, then
// followed from the event stream.
import { useEffect, useState } from 'react';
import type { RunEvent } from '../../common/api.js';
import { useBridge } from '../app/bridge-context.js';

type ProgressEvent = Extract<RunEvent, { type: 'progress' }>;

export interface ActiveRun {
  runId: string;
  progress: ProgressEvent | null;
}

export function useActiveRun(): [ActiveRun | null, (runId: string) => void] {
  const bridge = useBridge();
  const [active, setActive] = useState<ActiveRun | null>(null);
  useEffect(() => {
    let live = true;
    bridge.listRuns().then(
      (runs) => {
        const running = runs.find((r) => r.status === 'running');
        if (live && running) setActive((a) => a ?? { runId: running.id, progress: null });
      },
      () => undefined, // the history's own screen reports errors; the popover stays usable without it
    );
    const unsubscribe = bridge.onRunEvent((event) => {
      if (event.type === 'finished') setActive((a) => (a?.runId === event.runId ? null : a));
      else if (event.type === 'progress') setActive({ runId: event.runId, progress: event });
      else setActive((a) => (a?.runId === event.runId ? a : { runId: event.runId, progress: null }));
    });
    return () => {
      live = false;
      unsubscribe();
    };
  }, [bridge]);
  return [active, (runId) => setActive({ runId, progress: null })];
}
