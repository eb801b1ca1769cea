// #/setup: target, model, profile, thresholds. Saved through the bridge, which remembers them.
import { useEffect, useState } from 'react';
import type { Settings } from '../../common/settings.js';
import { useBridge } from '../app/bridge-context.js';
import { navigate } from '../app/router.js';
import { errorLine, useAsync } from '../app/use-async.js';
import { Field } from './fields.js';
import { ModelMultiSelect } from './model-multi-select.js';
import { draftOf, settingsOf, type Draft } from './settings-draft.js';

const PROFILE_TEXT: Record<Settings['profile'], string> = {
  quick: 'Quick: 1, 2, 4, 8 parallel, short answers.',
  study: "Study: 1, 2, 4, 8, 16, the GPU's core count, 32, 64, 128, 256 parallel, 10 s cooldown, full answers, 2 h per-request timeout (its queued requests waited ~3,200 s) — as in the study.",
  custom: 'Custom: your levels, mode, prompt and limits below.',
};

export function Setup() {
  const bridge = useBridge();
  const [loaded] = useAsync(() => bridge.getSettings(), [bridge]);
  const [status, redetect] = useAsync(() => bridge.getStatus(), [bridge]);
  const [settings, setSettings] = useState<Settings | null>(null);
  const [draft, setDraft] = useState<Draft | null>(null);
  const [message, setMessage] = useState<string | null>(null);

  useEffect(() => {
    if (loaded.state === 'ok') {
      setSettings(loaded.value);
      setDraft(draftOf(loaded.value));
    }
  }, [loaded]);

  if (loaded.state === 'loading' || settings === null || draft === null) {
    return loaded.state === 'error' ? <p className="error">Could not read the settings: {loaded.message}</p> : <p className="loading">Loading…</p>;
  }
  const set = (patch: Partial<Settings>) => setSettings({ ...settings, ...patch });
  const setCustom = (patch: Partial<Settings['custom']>) => setSettings({ ...settings, custom: { ...settings.custom, ...patch } });
  const text = (key: keyof Draft) => ({ value: draft[key], onChange: (e: { target: { value: string } }) => setDraft({ ...draft, [key]: e.target.value }) });
  const models = status.state === 'ok' ? status.value.models : [];

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
      if (thenRun) navigate({ name: 'live', runId: (await bridge.startRun()).runId });
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
      <section className="card">
        <h3>Target</h3>
        <Field label="Server URL" hint="Only this address is contacted.">
          <input type="url" value={settings.url} onChange={(e) => set({ url: e.target.value })} />
        </Field>
        <Field label="API">
          <select value={settings.api} onChange={(e) => set({ api: e.target.value as Settings['api'] })}>
            <option value="auto">Detect (Ollama, else OpenAI-compatible)</option>
            <option value="ollama">Ollama</option>
            <option value="openai">OpenAI-compatible</option>
          </select>
        </Field>
        <p className="muted">
          {status.state === 'ok'
            ? status.value.reachable
              ? `Found ${status.value.api ?? 'a server'}${status.value.version ? ` ${status.value.version}` : ''} at ${status.value.url}.`
              : `Nothing answers at ${status.value.url}.`
            : status.state === 'error'
              ? status.message
              : 'Detecting…'}{' '}
          <button type="button" className="link-button" onClick={redetect}>
            Detect again
          </button>
        </p>
        <Field label="Model">
          <select value={settings.model ?? ''} onChange={(e) => set({ model: e.target.value === '' ? null : e.target.value })}>
            <option value="">The loaded model, else the first installed</option>
            {[...new Set([...models, ...(settings.model ? [settings.model] : [])])].map((m) => (
              <option key={m} value={m}>
                {m}
              </option>
            ))}
          </select>
        </Field>
        <ModelMultiSelect installed={models} value={settings.models ?? []} onChange={(list) => set({ models: list })} />
      </section>

      <section className="card">
        <h3>Profile</h3>
        <div className="segmented" role="radiogroup" aria-label="Profile">
          {(['quick', 'study', 'custom'] as const).map((p) => (
            <label key={p}>
              <input type="radio" name="profile" value={p} checked={settings.profile === p} onChange={() => set({ profile: p })} /> {p[0].toUpperCase() + p.slice(1)}
            </label>
          ))}
        </div>
        <p className="muted">{PROFILE_TEXT[settings.profile]}</p>
        {settings.profile === 'custom' ? (
          <div className="field-grid">
            <Field label="Levels (parallel requests)" hint="e.g. 1,2,4,8,16">
              <input {...text('levels')} />
            </Field>
            <Field label="Mode">
              <select value={settings.custom.mode} onChange={(e) => setCustom({ mode: e.target.value as Settings['custom']['mode'] })}>
                <option value="burst">Burst: N at once, wait for all</option>
                <option value="sustained">Sustained: keep N in flight</option>
              </select>
            </Field>
            {settings.custom.mode === 'sustained' ? (
              <>
                <Field label="Duration per level (s)" hint="or a request count">
                  <input inputMode="decimal" {...text('durationS')} />
                </Field>
                <Field label="Requests per level">
                  <input inputMode="numeric" {...text('requests')} />
                </Field>
              </>
            ) : null}
            <Field label="Max tokens" hint="empty = the server's default">
              <input inputMode="numeric" {...text('maxTokens')} />
            </Field>
            <Field label="Cooldown between levels (s)">
              <input inputMode="decimal" {...text('cooldownS')} />
            </Field>
            <Field label="Timeout per request (s)">
              <input inputMode="decimal" {...text('timeoutS')} />
            </Field>
            <Field label="Idle timeout (s)" hint="no byte for this long ends the request">
              <input inputMode="decimal" {...text('idleTimeoutS')} />
            </Field>
            <Field label="Thinking">
              <select
                value={settings.custom.think === null ? '' : String(settings.custom.think)}
                onChange={(e) => setCustom({ think: e.target.value === '' ? null : e.target.value === 'true' })}
              >
                <option value="">Server default</option>
                <option value="true">On</option>
                <option value="false">Off</option>
              </select>
            </Field>
            <Field label="Prompt">
              <textarea rows={3} value={settings.custom.prompt} onChange={(e) => setCustom({ prompt: e.target.value })} />
            </Field>
          </div>
        ) : null}
      </section>

      <section className="card">
        <h3>Thresholds (verdict)</h3>
        <div className="field-grid">
          <Field label="Longest acceptable wait (s)" hint="TTFT p95">
            <input inputMode="decimal" {...text('maxWaitS')} />
          </Field>
          <Field label="Slowest acceptable speed (tokens/s)" hint="tokens/s p5, the slow tail">
            <input inputMode="decimal" {...text('minTps')} />
          </Field>
        </div>
      </section>

      <div className="toolbar">
        <button type="submit">Save</button>
        <button type="button" className="primary" onClick={() => void save(true)}>
          Save and run
        </button>
        {message ? <span className="save-message">{message}</span> : null}
      </div>
    </form>
  );
}
