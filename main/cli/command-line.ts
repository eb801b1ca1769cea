// The one argument parser of every `tokenbench` command: node:util parseArgs in strict mode, with
// messages that fit one line, a did-you-mean for a mistyped flag, value flags refused when repeated
// (unless declared `multiple`), and the command's positional arguments counted.
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { CliError } from './errors.js';
import { quote } from './flag-values.js';

/**
 * One flag: a value flag (`--model NAME`) or a switch (`--json`). A value flag declared `multiple`
 * (`--header 'N: v'`) may be given several times and yields every value in order; any other value
 * flag given twice is refused.
 */
export interface FlagSpec {
  readonly type: 'string' | 'boolean';
  readonly multiple?: boolean;
  readonly short?: string;
}

/** A command's flags by long name, without `--`. */
export type Flags = Readonly<Record<string, FlagSpec>>;

type ValueOf<S extends FlagSpec> = S['type'] extends 'string'
  ? S['multiple'] extends true
    ? string[]
    : string
  : S['type'] extends 'boolean'
    ? boolean
    : string | boolean;

/** What was given for each declared flag; a flag not given is undefined. */
export type FlagValues<F extends Flags> = { -readonly [K in keyof F]?: ValueOf<F[K]> };

/** What a command's `run` receives. */
export interface CommandArgs<F extends Flags = Flags> {
  values: FlagValues<F>;
  /** Exactly as many as the command names. */
  positionals: string[];
}

/** The shape of a command line: the command's name (for messages), flags and positional arguments. */
export interface CommandGrammar<F extends Flags = Flags> {
  readonly name: string;
  readonly options: F;
  /**
   * Names of the positional arguments, in order (e.g. RUN_A, RUN_B); all are required. A last name ending in
   * `...` (RUN...) takes one or more.
   */
  readonly positionals: readonly string[];
}

/** `-h`/`--help`: every command takes it, so the parser adds it and no command declares it. */
export const HELP_FLAG = { help: { type: 'boolean', short: 'h' } } as const satisfies Flags;

/**
 * Parses the arguments after `tokenbench <command>`. `{ help: true }` when -h/--help was given (only
 * the flag names were checked then); otherwise the values and positionals, or a CliError whose
 * message is one line naming the flag or argument.
 */
export function parseCommandLine<F extends Flags>(grammar: CommandGrammar<F>, argv: string[]): { help: true } | ({ help: false } & CommandArgs<F>) {
  const options: Flags = { ...grammar.options, ...HELP_FLAG };
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options: options as ParseArgsConfig['options'], strict: true, allowPositionals: true, tokens: true });
  } catch (error) {
    throw toCliError(error, grammar.name, Object.keys(options));
  }
  // A `multiple` flag's value is an array of strings; every other one is one string or boolean.
  const { help, ...values } = parsed.values as Record<string, string | string[] | boolean | undefined>;
  if (help === true) return { help: true };
  rejectRepeatedValues(parsed.tokens, options);
  checkPositionals(grammar, parsed.positionals);
  return { help: false, values: values as FlagValues<F>, positionals: parsed.positionals };
}

const seeHelp = (command: string): string => `see tokenbench ${command} --help`;

type Token = NonNullable<ReturnType<typeof parseArgs>['tokens']>[number];

/** A value flag given twice is almost always a mistake in a script; say so instead of picking one. */
function rejectRepeatedValues(tokens: Token[], options: Flags): void {
  const seen = new Set<string>();
  for (const token of tokens) {
    if (token.kind !== 'option') continue;
    const spec = options[token.name];
    if (spec?.type !== 'string' || spec.multiple === true) continue;
    if (seen.has(token.name)) throw new CliError(`--${token.name}: given more than once; give it once`);
    seen.add(token.name);
  }
}

function checkPositionals(grammar: CommandGrammar, given: string[]): void {
  const names = grammar.positionals;
  const see = seeHelp(grammar.name);
  const variadic = names[names.length - 1]?.endsWith('...') ?? false;
  if (given.length > names.length && !variadic) {
    const extra = quote(given[names.length] ?? '');
    if (names.length === 0) throw new CliError(`unexpected argument ${extra}: tokenbench ${grammar.name} takes only options; ${see}`);
    throw new CliError(`unexpected argument ${extra}: tokenbench ${grammar.name} takes ${names.join(' ')}; ${see}`);
  }
  if (given.length < names.length) {
    throw new CliError(`missing ${names.slice(given.length).join(' ')} (tokenbench ${grammar.name} ${names.join(' ')} [options]); ${see}`);
  }
}

/** parseArgs' messages span several lines and speak of "options"; the CLI promises one plain line. */
function toCliError(error: unknown, command: string, names: string[]): CliError {
  const code = (error as NodeJS.ErrnoException).code;
  const message = error instanceof Error ? error.message : String(error);
  const flag = (/'([^']*)'/.exec(message)?.[1] ?? '').split(' ')[0];
  switch (code) {
    case 'ERR_PARSE_ARGS_UNKNOWN_OPTION': {
      const guess = closestFlag(flag, names);
      return new CliError(`unknown option ${flag}${guess ? ` (did you mean ${guess}?)` : ''}; ${seeHelp(command)}`);
    }
    case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE':
      if (message.includes('does not take an argument')) return new CliError(`${flag}: takes no value`);
      if (message.includes('ambiguous')) {
        return new CliError(`${flag}: missing value (write ${flag}=VALUE for a value that starts with "-")`);
      }
      return new CliError(`${flag}: missing value; ${seeHelp(command)}`);
    default:
      return new CliError(`${message.split('\n')[0]}; ${seeHelp(command)}`);
  }
}

/** The known long flag nearest to a typo, if it is close enough to be what was meant. */
function closestFlag(flag: string, names: readonly string[]): string | null {
  const typed = flag.replace(/^-+/, '');
  // Short words are a letter or two from many flags: allow fewer edits the shorter the typo.
  const allowed = Math.min(2, Math.floor(typed.length / 3));
  let best: string | null = null;
  let bestDistance = allowed + 1;
  for (const name of names) {
    const distance = editDistance(typed, name);
    if (distance < bestDistance) {
      best = name;
      bestDistance = distance;
    }
  }
  return best === null ? null : `--${best}`;
}

/** Levenshtein distance: insertions, deletions and substitutions of one character each count 1. */
function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(Math.min(previous[j] + 1, current[j - 1] + 1, substitution));
    }
    previous = current;
  }
  return previous[b.length];
}
