// What the popover shows, kept fresh: the servers found, the settings, the target's status and the runs
// are read again on every show (the page becomes visible or gets focus: the desktop popover is hidden, not
// closed) and when a run ends; the run in progress is followed from the event stream.
import { useCallback, useEffect, useRef, useState } from 'react';
import type { RunEvent, RunListItem, ServerDiscovery, ServerStatus } from '../../common/api.js';
import type { Settings } from '../../common/settings.js';
import { useBridge } from '../app/bridge-context.js';
import { useAsync, type Async } from '../app/use-async.js';

type ProgressEvent = Extract<RunEvent, { type: 'progress' }>;
type PhaseEvent = Extract<RunEvent, { type: 'phase' }>;

export interface ActiveRun {
  runId: string;
  phase: PhaseEvent | null;
  progress: ProgressEvent | null;
}

export interface PopoverData {
  discovery: Async<ServerDiscovery>;
  settings: Async<Settings>;
  status: Async<ServerStatus>;
  runs: Async<RunListItem[]>;
  /** The run in progress, or null. */
  active: ActiveRun | null;
  /** The run that ended last while this page was open (its `finished` event), else null. */
  justEnded: string | null;
  /** A run this page started: followed at once, before its first event. */
  started(runId: string): void;
  refresh(): void;
}

/** Focus and visibility fire together when a window is shown: one refresh for both. */
const REFRESH_GAP_MS = 300;

export function usePopoverData(): PopoverData {
  const bridge = useBridge();
  const [generation, setGeneration] = useState(0);
  const [discovery] = useAsync(() => bridge.findServers(), [bridge, generation]);
  const [settings] = useAsync(() => bridge.getSettings(), [bridge, generation]);
  const [status] = useAsync(() => bridge.getStatus(), [bridge, generation]);
  const [runs] = useAsync(() => bridge.listRuns(), [bridge, generation]);
  const [active, setActive] = useState<ActiveRun | null>(null);
  const [justEnded, setJustEnded] = useState<string | null>(null);
  // Runs whose `finished` event arrived: a listing read before the end must not bring them back as running.
  const ended = useRef(new Set<string>());
  const lastRefresh = useRef(0);

  const refresh = useCallback(() => {
    const now = performance.now();
    if (now - lastRefresh.current < REFRESH_GAP_MS) return;
    lastRefresh.current = now;
    setGeneration((g) => g + 1);
  }, []);

  useEffect(() => {
    const onVisible = () => {
      if (document.visibilityState === 'visible') refresh();
    };
    document.addEventListener('visibilitychange', onVisible);
    window.addEventListener('focus', refresh);
    return () => {
      document.removeEventListener('visibilitychange', onVisible);
      window.removeEventListener('focus', refresh);
    };
  }, [refresh]);

  useEffect(
    () =>
      bridge.onRunEvent((event) => {
        if (event.type === 'finished') {
          ended.current.add(event.runId);
          setActive((a) => (a?.runId === event.runId ? null : a));
          setJustEnded(event.runId);
          // Re-list runs and servers now (a loaded model may have changed): not held back by the gap.
          lastRefresh.current = performance.now();
          setGeneration((g) => g + 1);
          return;
        }
        if (ended.current.has(event.runId)) return;
        setActive((a) => {
          const current = a?.runId === event.runId ? a : { runId: event.runId, phase: null, progress: null };
          if (event.type === 'progress') return { ...current, progress: event };
          if (event.type === 'phase') return { ...current, phase: event };
          return current;
        });
      }),
    [bridge],
  );

  // A run started elsewhere (the tray menu, another tab) shows up in the listing.
  useEffect(() => {
    if (runs.state !== 'ok') return;
    const running = runs.value.find((r) => r.status === 'running' && !ended.current.has(r.id));
    if (running) setActive((a) => a ?? { runId: running.id, phase: null, progress: null });
  }, [runs]);

  const started = useCallback((runId: string) => {
    setActive((a) => (a?.runId === runId ? a : { runId, phase: null, progress: null }));
  }, []);

  return { discovery, settings, status, runs, active, justEnded, started, refresh };
}
