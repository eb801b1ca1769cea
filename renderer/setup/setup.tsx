// #/setup: target (the servers found, or an address typed and checked), model, profile, thresholds,
// launch at login. Saved through the bridge, which remembers them.
import { useEffect, useRef, useState } from 'react';
import type { FoundServer, ServerStatus } from '../../common/api.js';
import { serverUrlSchema } from '../../common/run-config.js';
import { AUTO_SERVER_URL, type Settings } from '../../common/settings.js';
import { useBridge } from '../app/bridge-context.js';
import { navigate } from '../app/router.js';
import { errorLine, useAsync, type Async } from '../app/use-async.js';
import { FoundServerList } from '../servers/found-servers.js';
import { defaultTargetText } from '../servers/server-text.js';
import { Field } from './fields.js';
import { LoadShapeFields } from './load-shape-fields.js';
import { ModelMultiSelect } from './model-multi-select.js';
import { PROFILE_TEXT } from './profile-text.js';
import { draftOf, settingsOf, type Draft } from './settings-draft.js';
import { RemoteFields } from './remote-fields.js';

/** The server check of the address in the form: which address it was, and what it found. */
interface Check {
  url: string;
  result: Async<ServerStatus>;
}

function checkLine(check: Check | null): string {
  if (check === null || check.result.state === 'loading') return 'Detecting…';
  if (check.result.state === 'error') return check.result.message;
  const status = check.result.value;
  return status.reachable
    ? `Found ${status.api ?? 'a server'}${status.version ? ` ${status.version}` : ''} at ${status.url}.`
    : `Nothing answers at ${status.url}.`;
}

export function Setup() {
  const bridge = useBridge();
  const [loaded] = useAsync(() => bridge.getSettings(), [bridge]);
  const [discovery] = useAsync(() => bridge.findServers(), [bridge]);
  const [settings, setSettings] = useState<Settings | null>(null);
  const [draft, setDraft] = useState<Draft | null>(null);
  const [check, setCheck] = useState<Check | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const checks = useRef(0);

  /** Checks the address as typed (not the saved one); only the newest check's answer is shown. */
  async function detect(url: string, api: Settings['api']): Promise<void> {
    const seq = ++checks.current;
    // An empty address means "find a local server": the back end says what it found.
    const valid = url === AUTO_SERVER_URL ? null : serverUrlSchema.safeParse(url);
    if (valid !== null && !valid.success) {
      setCheck({ url, result: { state: 'error', message: `Server URL: ${valid.error.issues[0]?.message ?? 'not a URL'}.` } });
      return;
    }
    setCheck({ url, result: { state: 'loading' } });
    try {
      const status = await bridge.checkServer(url, api);
      if (seq === checks.current) setCheck({ url, result: { state: 'ok', value: status } });
    } catch (err) {
      if (seq === checks.current) setCheck({ url, result: { state: 'error', message: errorLine(err) } });
    }
  }

  useEffect(() => {
    if (loaded.state === 'ok') {
      setSettings(loaded.value);
      setDraft(draftOf(loaded.value));
      void detect(loaded.value.url, loaded.value.api);
    }
    // `detect` is a new closure every render; the loaded settings are what starts the first check.
  }, [loaded]);

  if (loaded.state === 'loading' || settings === null || draft === null) {
    return loaded.state === 'error' ? <p className="error">Could not read the settings: {loaded.message}</p> : <p className="loading">Loading…</p>;
  }
  const set = (patch: Partial<Settings>) => setSettings({ ...settings, ...patch });
  const setCustom = (patch: Partial<Settings['custom']>) => setSettings({ ...settings, custom: { ...settings.custom, ...patch } });
  const text = (key: keyof Draft) => ({ value: draft[key], onChange: (e: { target: { value: string } }) => setDraft({ ...draft, [key]: e.target.value }) });
  const checked = check?.result.state === 'ok' ? check.result.value : null;
  const models = checked?.models ?? [];

  function pick(server: FoundServer) {
    // Keep the chosen model only where the picked server has it.
    const model = settings!.model !== null && server.models.includes(settings!.model) ? settings!.model : null;
    setSettings({ ...settings!, url: server.url, api: server.api, model });
    void detect(server.url, server.api);
  }

  async function save(thenRun: boolean) {
    const next = settingsOf(settings!, draft!);
    if (typeof next === 'string') {
      setMessage(next);
      return;
    }
    try {
      const saved = await bridge.saveSettings(next);
      setSettings(saved);
      setDraft(draftOf(saved));
      setMessage('Saved.');
      // The popover follows the run (its compact card; the live view opens from there).
      if (thenRun) {
        await bridge.startRun();
        navigate({ name: 'popover' });
      }
    } catch (err) {
      setMessage(`Could not ${thenRun ? 'start' : 'save'}: ${errorLine(err)}`);
    }
  }

  return (
    <form
      className="setup"
      onSubmit={(e) => {
        e.preventDefault();
        void save(false);
      }}
    >
      <h2>Setup</h2>
      <section className="card" aria-labelledby="setup-target">
        <h3 id="setup-target">Target</h3>
        {discovery.state === 'ok' ? (
          discovery.value.servers.length > 0 ? (
            <>
              <p className="muted small">Found on this machine — pick one, or type an address below.</p>
              <FoundServerList servers={discovery.value.servers} chosenUrl={settings.url} onPick={pick} />
            </>
          ) : (
            <p className="muted small">{defaultTargetText(discovery.value.defaultTarget)}</p>
          )
        ) : discovery.state === 'error' ? (
          <p className="error">Could not look for servers: {discovery.message}</p>
        ) : (
          <p className="loading">Looking for local servers…</p>
        )}
        <Field label="Server URL" hint="Only this address is contacted.">
          {(c) => <input {...c} type="url" placeholder="empty: find a local server" value={settings.url} onChange={(e) => set({ url: e.target.value })} />}
        </Field>
        <Field label="API">
          {(c) => (
            <select {...c} value={settings.api} onChange={(e) => set({ api: e.target.value as Settings['api'] })}>
              <option value="auto">Detect (Ollama, else OpenAI-compatible)</option>
              <option value="ollama">Ollama</option>
              <option value="openai">OpenAI-compatible</option>
            </select>
          )}
        </Field>
        <p className="check-line" aria-live="polite">
          <span className="muted" data-check={check?.url ?? ''}>
            {checkLine(check)}
          </span>{' '}
          <button type="button" className="link-button" onClick={() => void detect(settings.url, settings.api)}>
            Detect
          </button>
        </p>
        <RemoteFields settings={settings} onChange={(remote) => set({ remote })} />
        <Field label="Model">
          {(c) => (
            <select {...c} value={settings.model ?? ''} onChange={(e) => set({ model: e.target.value === '' ? null : e.target.value })}>
              <option value="">The loaded model, else the first installed</option>
              {[...new Set([...models, ...(settings.model ? [settings.model] : [])])].map((m) => (
                <option key={m} value={m}>
                  {m}
                </option>
              ))}
            </select>
          )}
        </Field>
        <ModelMultiSelect installed={models} value={settings.models ?? []} onChange={(list) => set({ models: list })} />
      </section>

      <section className="card" aria-labelledby="setup-profile">
        <h3 id="setup-profile">Profile</h3>
        <fieldset className="segmented">
          <legend className="visually-hidden">Profile</legend>
          {(['quick', 'study', 'custom'] as const).map((p) => (
            <label key={p}>
              <input type="radio" name="profile" value={p} checked={settings.profile === p} onChange={() => set({ profile: p })} /> {p[0].toUpperCase() + p.slice(1)}
            </label>
          ))}
        </fieldset>
        <p className="muted">{PROFILE_TEXT[settings.profile]}</p>
        {settings.profile === 'custom' ? (
          <div className="field-grid">
            <Field label="Levels (parallel requests)" hint="e.g. 1,2,4,8,16">
              {(c) => <input {...c} {...text('levels')} />}
            </Field>
            <Field label="Mode">
              {(c) => (
                <select {...c} value={settings.custom.mode} onChange={(e) => setCustom({ mode: e.target.value as Settings['custom']['mode'] })}>
                  <option value="burst">Burst: N at once, wait for all</option>
                  <option value="sustained">Sustained: keep N in flight</option>
                  <option value="rate">Rate: requests arrive at a rate</option>
                  <option value="sweep">Sweep: find the rate the server sustains</option>
                </select>
              )}
            </Field>
            {settings.custom.mode !== 'burst' ? (
              <>
                <Field label="Duration per level (s)" hint="or a request count">
                  {(c) => <input {...c} inputMode="decimal" {...text('durationS')} />}
                </Field>
                <Field label="Requests per level">{(c) => <input {...c} inputMode="numeric" {...text('requests')} />}</Field>
              </>
            ) : null}
            <LoadShapeFields custom={settings.custom} setCustom={setCustom} />
            <Field label="Max tokens" hint="empty = the server's default">
              {(c) => <input {...c} inputMode="numeric" {...text('maxTokens')} />}
            </Field>
            <Field label="Cooldown between levels (s)">{(c) => <input {...c} inputMode="decimal" {...text('cooldownS')} />}</Field>
            <Field label="Timeout per request (s)">{(c) => <input {...c} inputMode="decimal" {...text('timeoutS')} />}</Field>
            <Field label="Idle timeout (s)" hint="no byte for this long ends the request">
              {(c) => <input {...c} inputMode="decimal" {...text('idleTimeoutS')} />}
            </Field>
            <Field label="Thinking">
              {(c) => (
                <select
                  {...c}
                  value={settings.custom.think === null ? '' : String(settings.custom.think)}
                  onChange={(e) => setCustom({ think: e.target.value === '' ? null : e.target.value === 'true' })}
                >
                  <option value="">Server default</option>
                  <option value="true">On</option>
                  <option value="false">Off</option>
                </select>
              )}
            </Field>
            <Field label="Prompt">
              {(c) => <textarea {...c} rows={3} value={settings.custom.prompt} onChange={(e) => setCustom({ prompt: e.target.value })} />}
            </Field>
          </div>
        ) : null}
      </section>

      <section className="card" aria-labelledby="setup-thresholds">
        <h3 id="setup-thresholds">Thresholds (verdict)</h3>
        <div className="field-grid">
          <Field label="Longest acceptable wait (s)" hint="TTFT p95">
            {(c) => <input {...c} inputMode="decimal" {...text('maxWaitS')} />}
          </Field>
          <Field label="Slowest acceptable speed (tokens/s)" hint="tokens/s p5, the slow tail">
            {(c) => <input {...c} inputMode="decimal" {...text('minTps')} />}
          </Field>
        </div>
      </section>

      <section className="card" aria-labelledby="setup-app">
        <h3 id="setup-app">App</h3>
        <div className="check-field">
          <input
            id="launch-at-login"
            type="checkbox"
            aria-describedby="launch-at-login-hint"
            checked={settings.launchAtLogin ?? false}
            onChange={(e) => set({ launchAtLogin: e.target.checked })}
          />
          <label htmlFor="launch-at-login">Launch at login</label>
          <span className="field-hint" id="launch-at-login-hint">
            The desktop app on macOS and Windows opens in the menu bar when you log in.
          </span>
        </div>
      </section>

      <div className="toolbar">
        <button type="submit">Save</button>
        <button type="button" className="primary" onClick={() => void save(true)}>
          Save and run
        </button>
        {message ? (
          <span className="save-message" role="status">
            {message}
          </span>
        ) : null}
      </div>
    </form>
  );
}
