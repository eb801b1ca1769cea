// The popover after a run: the verdict's headline ("serves up to N parallel within your limits") with the
// statistics it was judged by, named as such, and where to go next.
import { Fragment } from 'react';
import { dateTime } from '../../common/format.js';
import { useBridge } from '../app/bridge-context.js';
import { useAsync } from '../app/use-async.js';
import { SaveReport } from '../dashboard/save-report.js';
import { useFocusOnMount } from './focus-on-mount.js';
import { runSummary } from './run-summary.js';

const STATUS_TITLE = { completed: 'Run completed', failed: 'Run failed', cancelled: 'Run cancelled', interrupted: 'Run interrupted', running: 'Run in progress' } as const;

export function DoneCard({ runId }: { runId: string }) {
  const bridge = useBridge();
  const heading = useFocusOnMount<HTMLHeadingElement>();
  const [detail] = useAsync(() => bridge.getRun(runId), [bridge, runId]);
  if (detail.state === 'loading') return <p className="loading card">Loading the result…</p>;
  if (detail.state === 'error') return <p className="error card">Could not open the last run: {detail.message}</p>;
  const summary = runSummary(detail.value);
  return (
    <section className="card done-card" aria-labelledby="done-title" data-done-run={summary.runId}>
      <h2 id="done-title" tabIndex={-1} ref={heading}>
        {STATUS_TITLE[summary.status]} <span className="muted model">{summary.model}</span>
      </h2>
      <p className="muted small">{dateTime(detail.value.manifest.startedAt)}</p>
      {summary.reason ? <p className="reason">{summary.reason}</p> : null}
      <p className="verdict-headline" data-done="headline">
        {summary.headline}
      </p>
      {summary.factsOf ? (
        <>
          <h3 className="facts-of">{summary.factsOf}</h3>
          <dl className="facts done-facts">
            {summary.facts.map((fact) => (
              <Fragment key={fact.label}>
                <dt>{fact.label}</dt>
                <dd data-fact={fact.label}>{fact.value}</dd>
              </Fragment>
            ))}
          </dl>
        </>
      ) : null}
      <p className="muted small">{summary.limits}</p>
      <div className="card-actions">
        <button type="button" className="primary" onClick={() => void bridge.openWindow({ page: 'run', runId })}>
          Open dashboard
        </button>
        <button type="button" onClick={() => void bridge.openWindow({ page: 'playback', runId })}>
          Playback
        </button>
      </div>
      <SaveReport runId={runId} />
    </section>
  );
}
