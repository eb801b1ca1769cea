// A run calls you back: which finished runs show a notification, and what it says — one home for the
// desktop app (Electron's Notification, wired in main/app/main.ts) and web mode (the browser's
// Notification API, renderer/notifications/). Each edge hands in how to show one; here the decision and the text.
import type { RunDetail, RunEvent } from './api.js';
import { headline } from './level-headline.js';

type Finished = Extract<RunEvent, { type: 'finished' }>;

export interface RunNotice {
  /** A click opens this run's page. */
  runId: string;
  title: string;
  body: string;
}

/** What the notice tells about the run, read from its folder once it is closed. */
export interface NoticeFacts {
  model: string;
  levels: RunDetail['levels'];
}

/** The facts of a run as getRun gives it. */
export function noticeFacts(run: RunDetail): NoticeFacts {
  return { model: run.manifest.target.model, levels: run.levels };
}

/** Completed and failed runs call back; a cancelled one does not (the user stopped it, or quit). */
export function callsBack(event: RunEvent): event is Finished {
  return event.type === 'finished' && (event.status === 'completed' || event.status === 'failed' || event.status === 'interrupted');
}

/**
 * Title: the outcome and the model. Body: a completed run's one-line result — its last level, as the
 * history list shows it ("4 parallel · TTFT p95 0.38 s · 19.9 t/s p5") — or why the run failed.
 */
export function runNotice(event: Finished, facts: NoticeFacts | null): RunNotice {
  const model = facts ? ` — ${facts.model}` : '';
  if (event.status === 'completed') {
    return { runId: event.runId, title: `Run completed${model}`, body: headline(facts?.levels.at(-1)) ?? 'No level finished.' };
  }
  return { runId: event.runId, title: `Run failed${model}`, body: event.reason ?? 'No reason was recorded.' };
}

export interface RunNotifierDeps {
  /** Whether a notice can be shown now (Electron's Notification.isSupported(); the browser's permission). */
  isSupported(): boolean;
  /** The run's model and levels (getRun); a notice without them still goes out. */
  facts(runId: string): Promise<NoticeFacts>;
  show(notice: RunNotice): void;
  warn(line: string): void;
}

/** A run-event listener that shows a notice when a run ends in a way worth calling back for. */
export function runNotifier(deps: RunNotifierDeps): (event: RunEvent) => Promise<void> {
  return async (event) => {
    if (!callsBack(event) || !deps.isSupported()) return;
    const facts = await deps.facts(event.runId).catch((err: unknown) => {
      deps.warn(`notification for run ${event.runId}: cannot read the run (${String(err)})`);
      return null;
    });
    try {
      deps.show(runNotice(event, facts));
    } catch (err) {
      deps.warn(`notification for run ${event.runId}: ${String(err)}`);
    }
  };
}
