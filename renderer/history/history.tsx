// #/history: every run folder — open, delete (after a confirmation), pick two to compare, save a report. A
// damaged folder (a run.json that cannot be used) is listed with its reason; it can be opened (to read why)
// and deleted, not compared or reported.
import { useState } from 'react';
import type { RunListItem } from '../../common/api.js';
import { useBridge } from '../app/bridge-context.js';
import { navigate } from '../app/router.js';
import { routeHref } from '../../common/app-routes.js';
import { errorLine, useAsync } from '../app/use-async.js';
import { SaveReport } from '../dashboard/save-report.js';
import { dateTime, MISSING } from '../../common/format.js';
import { Trends } from './trends.js';

function DeleteConfirm({ run, onDone, onCancel }: { run: RunListItem; onDone: () => void; onCancel: () => void }) {
  const bridge = useBridge();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  async function remove() {
    setBusy(true);
    try {
      await bridge.deleteRun(run.id);
      onDone();
    } catch (err) {
      setError(errorLine(err));
      setBusy(false);
    }
  }
  return (
    <div className="confirm" role="alertdialog" aria-label="Confirm delete">
      <p>
        Delete the run <strong>{run.id}</strong> ({run.model}, {dateTime(run.startedAt)})? Its folder and every recorded request go; this cannot
        be undone.
      </p>
      <button type="button" className="danger" onClick={remove} disabled={busy}>
        Delete
      </button>
      <button type="button" onClick={onCancel} disabled={busy}>
        Keep it
      </button>
      {error ? <p className="error">Could not delete: {error}</p> : null}
    </div>
  );
}

export function History() {
  const bridge = useBridge();
  const [runs, reload] = useAsync(() => bridge.listRuns(), [bridge]);
  const [selected, setSelected] = useState<string[]>([]);
  const [confirming, setConfirming] = useState<string | null>(null);
  const [reportFor, setReportFor] = useState<string | null>(null);

  if (runs.state === 'loading') return <p className="loading">Loading runs…</p>;
  if (runs.state === 'error') return <p className="error">Could not list the runs: {runs.message}</p>;
  const toggle = (id: string) =>
    setSelected((s) => (s.includes(id) ? s.filter((x) => x !== id) : [...s.slice(-1), id]));

  return (
    <div className="history">
      <div className="toolbar">
        <button
          type="button"
          disabled={selected.length !== 2}
          onClick={() => navigate({ name: 'compare', a: selected[0], b: selected[1] })}
        >
          Compare the two selected
        </button>
        <span className="muted">{selected.length === 2 ? '' : 'Tick two runs to compare them on the same charts.'}</span>
      </div>
      {runs.value.length === 0 ? <p className="empty">No runs yet.</p> : null}
      <section className="card">
        <table className="data-table history-table">
          <thead>
            <tr>
              <th aria-label="Select" />
              <th>Started</th>
              <th>Model</th>
              <th>Status</th>
              <th>Levels</th>
              <th>Last level</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {runs.value.map((run) => (
              <tr key={run.id} data-run={run.id}>
                <td>
                  {run.damaged === null ? (
                    <input type="checkbox" aria-label={`Select ${run.id}`} checked={selected.includes(run.id)} onChange={() => toggle(run.id)} />
                  ) : null}
                </td>
                <td>{run.damaged === null ? dateTime(run.startedAt) : MISSING}</td>
                <td>
                  {run.damaged === null ? run.model : run.id}
                  <div className="muted small">{run.url}</div>
                </td>
                <td>
                  <span className={`status status-${run.status}`}>{run.status}</span>
                  {run.imported ? <span className="badge">imported</span> : null}
                  {run.damaged !== null ? <div className="damaged-reason small">{run.damaged}</div> : null}
                </td>
                <td>{run.levels.length > 0 ? run.levels.join(', ') : MISSING}</td>
                <td>{run.headline ?? MISSING}</td>
                <td className="actions">
                  <a href={routeHref(run.status === 'running' ? { name: 'live', runId: run.id } : { name: 'run', runId: run.id })}>Open</a>
                  {run.damaged === null ? (
                    <button type="button" className="link-button" onClick={() => setReportFor(reportFor === run.id ? null : run.id)}>
                      Report
                    </button>
                  ) : null}
                  <button type="button" className="link-button danger-text" onClick={() => setConfirming(run.id)} disabled={run.status === 'running'}>
                    Delete
                  </button>
                  {reportFor === run.id ? <SaveReport runId={run.id} /> : null}
                  {confirming === run.id ? (
                    <DeleteConfirm
                      run={run}
                      onCancel={() => setConfirming(null)}
                      onDone={() => {
                        setConfirming(null);
                        setSelected((s) => s.filter((x) => x !== run.id));
                        reload();
                      }}
                    />
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      <Trends />
    </div>
  );
}
