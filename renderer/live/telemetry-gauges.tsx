// The latest telemetry reading as gauges: GPU busy share, power, frequency; each server process.
import { fixed, mebibytes } from '../../common/format.js';
import { numberField, stringField } from './sample-fields.js';

function Gauge({ label, value, unit, max }: { label: string; value: number | null; unit: string; max: number | null }) {
  const share = value !== null && max !== null && max > 0 ? Math.min(1, Math.max(0, value / max)) : null;
  return (
    <div className="gauge" data-gauge={label}>
      <span className="gauge-label">{label}</span>
      <span className="gauge-value">
        {fixed(value, 0)} {unit}
      </span>
      {share !== null ? (
        <span className="gauge-track">
          <span className="gauge-fill" style={{ width: `${share * 100}%` }} />
        </span>
      ) : null}
    </div>
  );
}

/** `finished`: no reading will come any more, so "yet" would promise one. */
export function TelemetryGauges({ gpu, process, finished }: { gpu: Record<string, unknown> | null; process: Array<Record<string, unknown>>; finished: boolean }) {
  const none = (what: string) => (finished ? `No live ${what} reading: the run has ended (the results show its telemetry over time).` : `No ${what} reading yet.`);
  return (
    <section className="card gauges" aria-label="Telemetry">
      <h3>Telemetry</h3>
      {gpu === null ? (
        <p className="empty">{none('GPU')}</p>
      ) : (
        <div className="gauge-row">
          <Gauge label="GPU usage" value={numberField(gpu, 'gpuUsagePct')} unit="%" max={100} />
          <Gauge label="GPU power" value={numberField(gpu, 'gpuPowerW')} unit="W" max={null} />
          <Gauge label="GPU frequency" value={numberField(gpu, 'gpuFreqMHz')} unit="MHz" max={null} />
        </div>
      )}
      {process.length === 0 ? (
        <p className="empty">{none('server process')}</p>
      ) : (
        <table className="data-table compact">
          <thead>
            <tr>
              <th>Process</th>
              <th>CPU %</th>
              <th>RSS MB</th>
              <th>Threads</th>
              <th>FDs</th>
            </tr>
          </thead>
          <tbody>
            {process.map((p, i) => (
              <tr key={`${numberField(p, 'pid') ?? i}`}>
                <td>
                  {stringField(p, 'name') ?? '?'} {numberField(p, 'pid') ?? ''}
                </td>
                <td>{fixed(numberField(p, 'cpuPct'), 0)}</td>
                <td>{mebibytes(numberField(p, 'rssBytes'))}</td>
                <td>{fixed(numberField(p, 'threads'), 0)}</td>
                <td>{fixed(numberField(p, 'fds'), 0)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
