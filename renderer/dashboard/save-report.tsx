// Save a report through the bridge: a save dialog on the desktop, a download in web mode.
import { useState } from 'react';
import type { ReportFormat } from '../../common/api.js';
import { useBridge } from '../app/bridge-context.js';
import { errorLine } from '../app/use-async.js';

const FORMATS: Array<{ value: ReportFormat; label: string }> = [
  { value: 'html', label: 'HTML (self-contained)' },
  { value: 'md', label: 'Markdown' },
  { value: 'csv', label: 'CSV' },
  { value: 'json', label: 'JSON' },
];

export function SaveReport({ runId }: { runId: string }) {
  const bridge = useBridge();
  const [format, setFormat] = useState<ReportFormat>('html');
  const [message, setMessage] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  async function save() {
    setBusy(true);
    setMessage(null);
    try {
      const where = await bridge.saveReport(runId, format);
      setMessage(where === null ? 'Not saved.' : `Saved: ${where}`);
    } catch (err) {
      setMessage(`Could not save: ${errorLine(err)}`);
    } finally {
      setBusy(false);
    }
  }
  return (
    <div className="save-report">
      <select aria-label="Report format" value={format} onChange={(e) => setFormat(e.target.value as ReportFormat)}>
        {FORMATS.map((f) => (
          <option key={f.value} value={f.value}>
            {f.label}
          </option>
        ))}
      </select>
      <button type="button" onClick={save} disabled={busy}>
        Save report…
      </button>
      {message ? <span className="save-message">{message}</span> : null}
    </div>
  );
}
