// Setup's "several models in turn": tick two or more of the server's models and a run goes through each
// with the same plan, one run folder per model, the previous model unloaded where the server allows, then
// History ranks them (docs/reports.md § Ranking). A component of its own, included by Setup in one line.
import { MAX_SERIES_MODELS } from '../../common/settings.js';

export interface ModelMultiSelectProps {
  /** The server's models (the status line's list). */
  installed: readonly string[];
  /** The models ticked, in the order they will run. */
  value: readonly string[];
  onChange(models: string[]): void;
}

export function ModelMultiSelect({ installed, value, onChange }: ModelMultiSelectProps) {
  // A ticked model the server no longer lists stays visible, so it can be unticked.
  const shown = [...new Set([...installed, ...value])];
  const toggle = (model: string) =>
    onChange(value.includes(model) ? value.filter((m) => m !== model) : [...value, model].slice(0, MAX_SERIES_MODELS));
  return (
    <fieldset className="field model-multi-select">
      <legend className="field-label">Several models in turn</legend>
      {shown.length === 0 ? <span className="field-hint">No model listed by the server yet.</span> : null}
      {shown.map((model) => (
        <label key={model} className="checkbox">
          <input type="checkbox" checked={value.includes(model)} onChange={() => toggle(model)} /> {model}
          {value.includes(model) ? <span className="muted small"> · {value.indexOf(model) + 1}.</span> : null}
        </label>
      ))}
      <span className="field-hint">
        {value.length > 1
          ? `A run goes through these ${value.length} models in the order ticked, one run folder each (the model above is not used); History ranks them.`
          : 'Tick two or more to run the same plan against each in turn and rank them.'}
      </span>
    </fieldset>
  );
}
