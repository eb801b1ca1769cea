// History's trends (docs/reports.md § Trends): the runs of each server, model and plan over time, their
// headline figures drawn by the shared chart builders (common/report/trends.ts), with the server-version and
// model-digest changes marked — and, where one server and plan was run with several models, a link to
// their ranking. A component of its own so History's run list stays as it is.
import { useState } from 'react';
import type { TrendGroup } from '../../common/report/trends.js';
import { useBridge } from '../app/bridge-context.js';
import { routeHref } from '../../common/app-routes.js';
import { useAsync } from '../app/use-async.js';
import { ChartCard } from '../charts/chart-card.js';
import { DataTable } from '../charts/data-table.js';

/** The latest run of each model measured with the same server and plan, when there are two models or more. */
function rankableRuns(groups: readonly TrendGroup[]): Array<{ serverPlanKey: string; label: string; runIds: string[] }> {
  const bySetup = new Map<string, TrendGroup[]>();
  for (const group of groups) bySetup.set(group.serverPlanKey, [...(bySetup.get(group.serverPlanKey) ?? []), group]);
  return [...bySetup.entries()]
    .filter(([, members]) => members.length > 1)
    .map(([serverPlanKey, members]) => ({
      serverPlanKey,
      label: `${members.map((g) => g.model).join(', ')} on ${members[0].server}`,
      runIds: members.map((g) => g.points[g.points.length - 1].runId),
    }));
}

/** Trends read every run folder, so they load when asked for. */
export function Trends() {
  const [shown, setShown] = useState(false);
  if (!shown) {
    return (
      <p className="toolbar">
        <button type="button" onClick={() => setShown(true)}>
          Show trends
        </button>
        <span className="muted">each server, model and plan over time, with server and model updates marked</span>
      </p>
    );
  }
  return <TrendGroups />;
}

function TrendGroups() {
  const bridge = useBridge();
  const [trends] = useAsync(() => bridge.getTrends(), [bridge]);
  if (trends.state === 'loading') return <p className="loading">Reading the trends…</p>;
  if (trends.state === 'error') return <p className="error">Could not read the trends: {trends.message}</p>;
  const { groups } = trends.value;
  if (groups.length === 0) return <p className="empty">No finished run to follow over time yet.</p>;
  const rankable = rankableRuns(groups);
  return (
    <section className="trends" aria-label="Trends">
      <h2>Trends</h2>
      <p className="muted">Runs of the same server, model and plan over time. A ⚑ marks the first run after the server&apos;s version or the model&apos;s digest changed.</p>
      {rankable.map((r) => (
        <p key={r.serverPlanKey} className="toolbar">
          <a href={routeHref({ name: 'ranking', runIds: r.runIds })}>Rank {r.label}</a>
        </p>
      ))}
      {groups.map((group) => (
        <section key={group.key} className="card trend-group" data-trend={group.model}>
          <h3>
            {group.model} <span className="muted small">on {group.server}</span>
          </h3>
          <p className="muted small">Plan: {group.plan}</p>
          {group.points.flatMap((p) =>
            p.changes.length > 0
              ? [
                  <p key={p.runId} className="warning" data-change={p.runId}>
                    {p.startedAt.slice(0, 16).replace('T', ' ')}: {p.changes.join('; ')}
                  </p>,
                ]
              : [],
          )}
          {group.points.length > 1 ? <ChartCard block={group.view.chart} height={220} /> : null}
          <DataTable table={group.view.table} />
        </section>
      ))}
    </section>
  );
}
