import { describe, expect, it } from 'vitest';
import { parseCommandLine, type CommandGrammar } from '../../main/cli/command-line.js';
import { CliError } from '../../main/cli/errors.js';
import { cli } from '../support/cli-in-process.js';

const COMPARE_LIKE = {
  name: 'pair',
  options: { format: { type: 'string' }, force: { type: 'boolean' } },
  positionals: ['RUN_A', 'RUN_B'],
} as const satisfies CommandGrammar;

function messageOf(grammar: CommandGrammar, argv: string[]): string {
  try {
    parseCommandLine(grammar, argv);
  } catch (error) {
    expect(error).toBeInstanceOf(CliError);
    return (error as Error).message;
  }
  throw new Error(`expected ${JSON.stringify(argv)} to be rejected`);
}

describe('parseCommandLine', () => {
  it('gives the values of the flags given and the positionals in order', () => {
    expect(parseCommandLine(COMPARE_LIKE, ['a', '--format=md', 'b', '--force'])).toEqual({
      help: false,
      values: { format: 'md', force: true },
      positionals: ['a', 'b'],
    });
    expect(parseCommandLine(COMPARE_LIKE, ['a', 'b'])).toEqual({ help: false, values: {}, positionals: ['a', 'b'] });
  });

  it('takes arguments after -- as positionals, even when they start with -', () => {
    expect(parseCommandLine(COMPARE_LIKE, ['--format', 'md', '--', '-a', '--b'])).toMatchObject({ positionals: ['-a', '--b'] });
  });

  it('counts positionals: each missing one named, the first extra one quoted', () => {
    expect(messageOf(COMPARE_LIKE, ['a'])).toBe('missing RUN_B (tokenbench pair RUN_A RUN_B [options]); see tokenbench pair --help');
    expect(messageOf(COMPARE_LIKE, [])).toBe('missing RUN_A RUN_B (tokenbench pair RUN_A RUN_B [options]); see tokenbench pair --help');
    expect(messageOf(COMPARE_LIKE, ['a', 'b', 'c d'])).toBe('unexpected argument "c d": tokenbench pair takes RUN_A RUN_B; see tokenbench pair --help');
    expect(messageOf({ ...COMPARE_LIKE, positionals: [] }, ['x'])).toBe(
      'unexpected argument "x": tokenbench pair takes only options; see tokenbench pair --help',
    );
  });

  it('a last positional named NAME... takes one or more', () => {
    const many = { ...COMPARE_LIKE, positionals: ['RUN_A', 'RUN_B...'] };
    expect(parseCommandLine(many, ['a', 'b', 'c', 'd'])).toMatchObject({ positionals: ['a', 'b', 'c', 'd'] });
    expect(parseCommandLine(many, ['a', 'b'])).toMatchObject({ positionals: ['a', 'b'] });
    expect(messageOf(many, ['a'])).toBe('missing RUN_B... (tokenbench pair RUN_A RUN_B... [options]); see tokenbench pair --help');
  });

  it('refuses a value flag given twice, but not a switch', () => {
    expect(messageOf(COMPARE_LIKE, ['a', 'b', '--format', 'md', '--format=html'])).toBe('--format: given more than once; give it once');
    expect(parseCommandLine(COMPARE_LIKE, ['a', 'b', '--force', '--force'])).toMatchObject({ values: { force: true } });
  });

  it('gives every value of a `multiple` flag in order, and still refuses other value flags twice', () => {
    const grammar = {
      name: 'pair',
      options: { header: { type: 'string', multiple: true }, format: { type: 'string' } },
      positionals: [],
    } as const satisfies CommandGrammar;
    const parsed = parseCommandLine(grammar, ['--header', 'A: 1', '--header=B: 2', '--format', 'md']);
    expect(parsed).toEqual({ help: false, values: { header: ['A: 1', 'B: 2'], format: 'md' }, positionals: [] });
    expect(parseCommandLine(grammar, ['--header', 'A: 1'])).toEqual({ help: false, values: { header: ['A: 1'] }, positionals: [] });
    expect(parseCommandLine(grammar, [])).toEqual({ help: false, values: {}, positionals: [] });
    expect(messageOf(grammar, ['--header', 'A: 1', '--format', 'md', '--format', 'html'])).toBe('--format: given more than once; give it once');
    expect(messageOf(grammar, ['--header'])).toBe('--header: missing value; see tokenbench pair --help');
  });

  it('suggests the nearest flag only when it is close, --help included', () => {
    expect(messageOf(COMPARE_LIKE, ['--fromat'])).toBe('unknown option --fromat (did you mean --format?); see tokenbench pair --help');
    expect(messageOf(COMPARE_LIKE, ['--hellp'])).toBe('unknown option --hellp (did you mean --help?); see tokenbench pair --help');
    expect(messageOf(COMPARE_LIKE, ['--color'])).toBe('unknown option --color; see tokenbench pair --help');
    expect(messageOf(COMPARE_LIKE, ['-x'])).toBe('unknown option -x; see tokenbench pair --help');
  });

  it('-h and --help are reported before positionals, repeats or values are checked', () => {
    expect(parseCommandLine(COMPARE_LIKE, ['-h'])).toEqual({ help: true });
    expect(parseCommandLine(COMPARE_LIKE, ['a', 'b', 'c', '--format', 'x', '--format', 'y', '--help'])).toEqual({ help: true });
  });

  it('an unknown flag is refused even beside --help', () => {
    expect(messageOf(COMPARE_LIKE, ['--help', '--bogus'])).toContain('unknown option --bogus');
  });
});

describe('positionals of the real commands, through main', () => {
  it.each([
    [['report'], 'tokenbench report: missing RUN (tokenbench report RUN [options]); see tokenbench report --help'],
    [['report', 'a', 'b'], 'tokenbench report: unexpected argument "b": tokenbench report takes RUN; see tokenbench report --help'],
    [['compare', 'a'], 'tokenbench compare: missing RUN_B (tokenbench compare RUN_A RUN_B [options]); see tokenbench compare --help'],
    [['import-legacy', '--out', 'x'], 'tokenbench import-legacy: missing DIR (tokenbench import-legacy DIR [options]); see tokenbench import-legacy --help'],
    [['ui', 'now'], 'tokenbench ui: unexpected argument "now": tokenbench ui takes only options; see tokenbench ui --help'],
  ])('%j: one line, exit 2', async (argv, line) => {
    expect(await cli(argv)).toEqual({ code: 2, stdout: '', stderr: `${line}\n` });
  });
});
