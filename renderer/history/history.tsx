// #/history: every run folder — open, delete (after a confirmation), pick two to compare, save a report.
import { useState } from 'react';
import type { RunListItem } from '../../common/api.js';
import { useBridge } from '../app/bridge-context.js';
import { navigate, routeHref } from '../app/router.js';
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
                  <input type="checkbox" aria-label={`Select ${run.id}`} checked={selected.includes(run.id)} onChange={() => toggle(run.id)} />
                </td>
                <td>{dateTime(run.startedAt)}</td>
                <td>
                  {run.model}
                  <div className="muted small">{run.url}</div>
                </td>
                <td>
                  <span className={`status status-${run.status}`}>{run.status}</span>
                  {run.imported ? <span className="badge">imported</span> : null}
                </td>
                <td>{run.levels.join(', ')}</td>
                <td>{run.headline ?? MISSING}</td>
                <td className="actions">
                  <a href={routeHref(run.status === 'running' ? { name: 'live', runId: run.id } : { name: 'run', runId: run.id })}>Open</a>
                  <button type="button" className="link-button" onClick={() => setReportFor(reportFor === run.id ? null : run.id)}>
                    Report
                  </button>
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
