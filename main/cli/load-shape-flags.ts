// `tokenbench run`'s load-shape flags (docs/metrics.md § Load shapes): --rate, --arrivals, --seed,
// --max-concurrency, --repeat, --slo → RunConfig fields, each checked with a message naming its flag.
// Which mode they belong to is the run-config schema's load-mode rule, said with flag names below.
import {
  ARRIVAL_PROCESSES,
  MAX_CONCURRENCY,
  MAX_RATE,
  MAX_REPEATS,
  MAX_SEED,
  type LoadShapeIssue,
  type RunConfig,
} from '../../common/run-config.js';
import { describeSloError, parseSlo } from '../../common/slo.js';
import type { FlagValues } from './command-line.js';
import type { RUN_OPTIONS } from './commands/run.js';
import { CliError } from './errors.js';
import { parseChoice, parseIntegerInRange, quote } from './flag-values.js';

type LoadShapeConfig = Partial<Pick<RunConfig, 'rates' | 'arrivals' | 'seed' | 'maxConcurrency' | 'repeats' | 'slo'>>;

export function parseLoadShapeFlags(values: FlagValues<typeof RUN_OPTIONS>): LoadShapeConfig {
  const chosen: LoadShapeConfig = {};
  if (values.rate !== undefined) chosen.rates = parseRateList('--rate', values.rate);
  if (values.arrivals !== undefined) chosen.arrivals = parseChoice('--arrivals', values.arrivals, ARRIVAL_PROCESSES);
  if (values.seed !== undefined) chosen.seed = parseIntegerInRange('--seed', values.seed, 0, MAX_SEED);
  if (values['max-concurrency'] !== undefined) chosen.maxConcurrency = parseIntegerInRange('--max-concurrency', values['max-concurrency'], 1, MAX_CONCURRENCY);
  if (values.repeat !== undefined) chosen.repeats = parseIntegerInRange('--repeat', values.repeat, 1, MAX_REPEATS);
  if (values.slo !== undefined) {
    const parsed = parseSlo(values.slo);
    if (!parsed.ok) throw new CliError(describeSloError(parsed.error));
    chosen.slo = parsed.slo;
  }
  if (values.mode === 'rate' && values.concurrency !== undefined) {
    throw new CliError('--concurrency: not used by --mode rate (its levels are --rate; --max-concurrency caps requests in flight)');
  }
  return chosen;
}

/** The schema's load-shape rule (common/run-config.ts), said with the flags' names. */
export const LOAD_SHAPE_FLAG_MESSAGES: Record<LoadShapeIssue, string> = {
  'rate-without-rates': '--mode rate: needs --rate (requests per second, e.g. --rate 0.5,1,2)',
  'rates-outside-rate-mode': '--rate: only applies to --mode rate',
  'pacing-outside-rate-modes': '--arrivals and --max-concurrency only apply to --mode rate or --mode sweep',
  'rate-with-both': '--duration and --requests cannot be used together (a rate level ends by time or by count)',
  'rate-without-end': '--mode rate: needs --duration (e.g. 60s) or --requests (per level)',
  'sweep-with-both': '--duration and --requests cannot be used together (a sweep level ends by time or by count)',
  'sweep-without-end': '--mode sweep: needs --duration (e.g. 60s) or --requests (per level)',
};

const NUMBER = /^(\d+(?:\.\d+)?|\.\d+)$/;

/** `--rate 0.5,1,2`: each a number > 0 and ≤ MAX_RATE; the schema drops duplicates and sorts them. */
function parseRateList(flag: string, raw: string): number[] {
  const example = '(expected requests per second, e.g. 0.5,1,2,4)';
  if (raw.trim() === '') throw new CliError(`${flag}: no value ${example}`);
  return raw.split(',').map((piece) => {
    const item = piece.trim();
    if (item === '') throw new CliError(`${flag}: empty item in ${quote(raw)} ${example}`);
    const value = Number(item);
    if (!NUMBER.test(item) || !(value > 0)) throw new CliError(`${flag}: ${quote(item)} is not a rate > 0 ${example}`);
    if (value > MAX_RATE) throw new CliError(`${flag}: ${item} is above the limit of ${MAX_RATE} requests per second`);
    return value;
  });
}
