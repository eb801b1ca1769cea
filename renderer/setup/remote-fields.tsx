// Setup's fields for a server that is not on this machine (issue 14): extra headers, TLS trust, and the
// API key — which goes straight to the OS keychain through its own verb, never into the settings.
import { useState } from 'react';
import { parseHeaderLines } from '../../common/connection-fields.js';
import type { RemoteSettings, Settings } from '../../common/settings.js';
import { useBridge } from '../app/bridge-context.js';
import { errorLine, useAsync } from '../app/use-async.js';
import { Field } from './fields.js';

const NO_REMOTE: RemoteSettings = { headers: [], caFile: null, insecure: false };

export function RemoteFields({ settings, onChange }: { settings: Settings; onChange: (remote: RemoteSettings) => void }) {
  const bridge = useBridge();
  const remote = settings.remote ?? NO_REMOTE;
  const [status, refresh] = useAsync(() => bridge.getApiKeyStatus(), [bridge]);
  const [key, setKey] = useState('');
  const [message, setMessage] = useState<string | null>(null);
  const headerLines = remote.headers.filter((line) => line.trim() !== '');
  const parsed = parseHeaderLines(headerLines);
  const change = (patch: Partial<RemoteSettings>) => onChange({ ...remote, ...patch });

  async function storeKey(next: string | null) {
    try {
      const stored = await bridge.setApiKey(next);
      setKey('');
      setMessage(stored.stored ? 'Key stored in the OS keychain.' : 'Key forgotten.');
      refresh();
    } catch (err) {
      setMessage(errorLine(err));
    }
  }

  const keyState =
    status.state === 'ok'
      ? status.value.available
        ? status.value.stored
          ? 'A key is stored in the OS keychain and sent as Authorization: Bearer …'
          : 'No key stored.'
        : `Keys cannot be kept here: ${status.value.reason ?? 'no keychain'}.`
      : status.state === 'error'
        ? status.message
        : 'Checking the keychain…';

  return (
    <details className="remote-fields" open={headerLines.length > 0 || remote.caFile !== null || remote.insecure}>
      <summary>Server on another machine (API key, headers, TLS)</summary>
      <Field label="API key" hint={keyState}>
        {(c) => (
          <span className="inline-controls">
            <input {...c} type="password" autoComplete="off" value={key} onChange={(e) => setKey(e.target.value)} />
            <button type="button" disabled={key.trim() === ''} onClick={() => void storeKey(key.trim())}>
              Store key
            </button>
            <button type="button" disabled={status.state !== 'ok' || !status.value.stored} onClick={() => void storeKey(null)}>
              Forget key
            </button>
          </span>
        )}
      </Field>
      {message ? <p className="key-message">{message}</p> : null}
      <Field label="Headers" hint={'problem' in parsed ? parsed.problem : "One 'Name: value' per line, sent with every request; stored in the settings file (put secrets in the API key)."}>
        {(c) => <textarea {...c} rows={2} value={remote.headers.join('\n')} onChange={(e) => change({ headers: e.target.value.split('\n') })} />}
      </Field>
      <Field label="CA certificate file" hint="PEM file of the CA that signed the server's certificate (https:// only).">
        {(c) => <input {...c} value={remote.caFile ?? ''} onChange={(e) => change({ caFile: e.target.value.trim() === '' ? null : e.target.value })} />}
      </Field>
      <label className="checkbox">
        <input type="checkbox" checked={remote.insecure} onChange={(e) => change({ insecure: e.target.checked })} /> Do not check the server's certificate (https://)
      </label>
    </details>
  );
}
