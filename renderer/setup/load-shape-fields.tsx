// Setup's fields for the load shapes of the custom profile (docs/metrics.md § Load shapes): the rates of
// rate mode, arrivals, seed and in-flight cap of rate and sweep modes, repeats and goodput objectives for
// every mode. Typed text becomes values as it changes; whether they are allowed is the settings schema's
// call (common/settings.ts: the run configuration's fields and load-mode rule), said on save.
import { useState } from 'react';
import type { Settings } from '../../common/settings.js';
import { Field } from './fields.js';
import { optionalNumber, parseRates } from './load-shape-text.js';

type Custom = Settings['custom'];

export function LoadShapeFields({ custom, setCustom }: { custom: Custom; setCustom: (patch: Partial<Custom>) => void }) {
  const [text, setText] = useState(() => ({
    rates: custom.rates?.join(', ') ?? '',
    seed: custom.seed === null || custom.seed === undefined ? '' : String(custom.seed),
    maxConcurrency: custom.maxConcurrency === null || custom.maxConcurrency === undefined ? '' : String(custom.maxConcurrency),
    repeats: custom.repeats === undefined ? '' : String(custom.repeats),
    slo: custom.slo ?? '',
  }));
  const edit = (key: keyof typeof text, value: string, patch: Partial<Custom>) => {
    setText({ ...text, [key]: value });
    setCustom(patch);
  };
  const paced = custom.mode === 'rate' || custom.mode === 'sweep';
  return (
    <>
      {custom.mode === 'rate' ? (
        <Field label="Rates (requests/s)" hint="one level per rate, e.g. 0.5, 1, 2, 4">
          {(c) => (
            <input {...c} inputMode="decimal" value={text.rates} onChange={(e) => edit('rates', e.target.value, { rates: parseRates(e.target.value) })} />
          )}
        </Field>
      ) : null}
      {paced ? (
        <>
          <Field label="Arrivals">
            {(c) => (
              <select {...c} value={custom.arrivals ?? 'poisson'} onChange={(e) => setCustom({ arrivals: e.target.value as Custom['arrivals'] })}>
                <option value="poisson">Poisson: random gaps, as real users arrive</option>
                <option value="constant">Constant: evenly spaced</option>
              </select>
            )}
          </Field>
          <Field label="Seed" hint="empty = a new one each run (recorded)">
            {(c) => (
              <input {...c} inputMode="numeric" value={text.seed} onChange={(e) => edit('seed', e.target.value, { seed: optionalNumber(e.target.value) })} />
            )}
          </Field>
          <Field label="Most in flight" hint={custom.mode === 'sweep' ? 'the max-throughput level; empty = the largest level' : 'empty = no cap'}>
            {(c) => (
              <input
                {...c}
                inputMode="numeric"
                value={text.maxConcurrency}
                onChange={(e) => edit('maxConcurrency', e.target.value, { maxConcurrency: optionalNumber(e.target.value) })}
              />
            )}
          </Field>
        </>
      ) : null}
      <Field label="Repeats" hint="the whole plan, N times; empty = once">
        {(c) => (
          <input
            {...c}
            inputMode="numeric"
            value={text.repeats}
            onChange={(e) => edit('repeats', e.target.value, { repeats: optionalNumber(e.target.value) ?? undefined })}
          />
        )}
      </Field>
      <Field label="Goodput objectives" hint="e.g. ttft=2s, itl=100ms, e2e=30s, tps=20; empty = the thresholds">
        {(c) => (
          <input {...c} value={text.slo} onChange={(e) => edit('slo', e.target.value, { slo: e.target.value.trim() === '' ? undefined : e.target.value })} />
        )}
      </Field>
    </>
  );
}
