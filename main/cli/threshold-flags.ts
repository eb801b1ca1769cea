// `--max-wait SECONDS` and `--min-speed TOKENS_PER_S`: the verdict's thresholds, shared by
// `tokenbench report` and `tokenbench compare`.
import type { ReportOptions } from '../report/formats.js';
import { CliError } from './errors.js';
import { parseSeconds, quote } from './flag-values.js';

export const THRESHOLD_OPTIONS = {
  'max-wait': { type: 'string' },
  'min-speed': { type: 'string' },
} as const;

const NUMBER = /^(\d+(?:\.\d+)?|\.\d+)$/;

export function parseThresholdFlags(values: { 'max-wait'?: string; 'min-speed'?: string }): Pick<ReportOptions, 'maxWaitMs' | 'minTokensPerSecond'> {
  const options: Pick<ReportOptions, 'maxWaitMs' | 'minTokensPerSecond'> = {};
  if (values['max-wait'] !== undefined) options.maxWaitMs = parseSeconds('--max-wait', values['max-wait'], { allowZero: false });
  const speed = values['min-speed'];
  if (speed !== undefined) {
    const value = Number(speed.trim());
    if (!NUMBER.test(speed.trim()) || !(value > 0) || !Number.isFinite(value)) {
      throw new CliError(`--min-speed: ${quote(speed)} is not a speed (expected tokens/s > 0, e.g. 20 or 7.5)`);
    }
    options.minTokensPerSecond = value;
  }
  return options;
}
