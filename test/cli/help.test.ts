import { describe, expect, it } from 'vitest';
import { DEFAULTS } from '../../common/run-config.js';
import { HELP_FLAG } from '../../main/cli/command-line.js';
import { reportCommand } from '../../main/cli/commands/report.js';
import { runCommand } from '../../main/cli/commands/run.js';
import { uiCommand } from '../../main/cli/commands/ui.js';
import { COMMANDS, MAIN_HELP } from '../../main/cli/main.js';
import { cli } from '../support/cli-in-process.js';
import { parseRunArgv } from './run-argv.js';

const RUN_HELP = runCommand.usage;
const REPORT_HELP = reportCommand.usage;
const texts = { MAIN_HELP, ...Object.fromEntries(COMMANDS.map((c) => [`tokenbench ${c.name} --help`, c.usage])) };

/** A typo of `flag`: its first letter doubled (one edit away, and long enough to get a suggestion). */
const typoOf = (flag: string): string => `--${flag[0]}${flag}`;
const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

describe('help texts', () => {
  it.each(Object.entries(texts))('%s fits in 80 columns and has no tabs', (_name, text) => {
    for (const line of text.split('\n')) {
      expect(line.length, line).toBeLessThanOrEqual(80);
      expect(line).not.toContain('\t');
    }
  });

  it('RUN_HELP quotes the real defaults', () => {
    // --url has no fixed default: without it, run benchmarks the server discovery finds (issue 11).
    expect(RUN_HELP).toMatch(/--url URL +server base URL \(default: the local server found/);
    expect(RUN_HELP).toContain(`(default ${DEFAULTS.concurrency.join(',')})`);
    expect(RUN_HELP).toContain(`(default ${DEFAULTS.timeoutMs / 1000})`);
    expect(RUN_HELP).toContain(`(default ${DEFAULTS.idleTimeoutMs / 1000})`);
    expect(RUN_HELP).toContain(`(default ${DEFAULTS.sampleIntervalMs})`);
    expect(RUN_HELP).toContain(`(default ${DEFAULTS.outDir})`);
    expect(uiCommand.usage).toContain(`(default ${DEFAULTS.outDir})`);
    expect(RUN_HELP.replace(/\s+/g, ' ')).toContain(DEFAULTS.prompt);
  });

  it('RUN_HELP examples parse', () => {
    const examples = RUN_HELP.split('\n')
      .filter((line) => line.startsWith('  tokenbench run'))
      .map((line) => line.trim().replace(/ > .*$/, '').split(/\s+/).slice(2));
    expect(examples.length).toBeGreaterThanOrEqual(4);
    for (const argv of examples) {
      if (argv.includes('--gguf')) continue; // names a file that does not exist here
      expect(() => parseRunArgv(argv), argv.join(' ')).not.toThrow();
    }
  });

  it.each(Object.entries({ MAIN_HELP, RUN_HELP, REPORT_HELP }))('%s states the exit codes', (_name, text) => {
    for (const code of ['0 ', '1 ', '2 ', '130 ']) expect(text).toContain(`\n  ${code}`);
  });

  it('MAIN_HELP lists run, report and serve, and nothing not yet built', () => {
    for (const command of ['run', 'servers', 'report', 'serve']) expect(MAIN_HELP).toMatch(new RegExp(`^  ${command} `, 'm'));
    expect(MAIN_HELP).toMatch(/^  import-legacy$/m);
    expect(MAIN_HELP).toMatch(/^  compare /m);
  });

  it('MAIN_HELP lists every registered command with its summary, and only those', () => {
    expect(COMMANDS.map((c) => c.name)).toEqual(['run', 'servers', 'report', 'compare', 'rank', 'history', 'playback', 'serve', 'ui', 'import-legacy']);
    for (const { name, summary } of COMMANDS) {
      // A name too long for its column has the summary on the next line, indented to the column.
      expect(MAIN_HELP.replace(/\n {11}/g, ' ')).toMatch(new RegExp(`^  ${name} +${escapeRegExp(summary)}$`, 'm'));
    }
    const listed = MAIN_HELP.split('Commands:\n')[1].split('\n\n')[0].match(/^  [a-z-]+/gm);
    expect(listed?.map((l) => l.trim())).toEqual(COMMANDS.map((c) => c.name));
  });

  it('REPORT_HELP gives the usage and the formats available now', () => {
    expect(REPORT_HELP).toMatch(/^Usage: tokenbench report RUN --format [a-z|]*\bcsv\b[a-z|]* \[--out FILE\]$/m);
  });
});

describe.each(COMMANDS.map((c) => [c.name, c] as const))('tokenbench %s', (name, command) => {
  const declared = Object.keys(command.options);

  it('--help and -h print its usage on stdout and exit 0', async () => {
    for (const flag of ['--help', '-h']) {
      expect(await cli([name, flag])).toEqual({ code: 0, stdout: command.usage, stderr: '' });
    }
    expect(command.usage).toMatch(new RegExp(`^Usage: tokenbench ${name} `));
  });

  it('--help wins over anything else on the line', async () => {
    const line = [name, 'extra', 'arguments', `--${declared[0]}`, ...(command.options[declared[0]].type === 'string' ? ['x'] : []), '--help'];
    expect(await cli(line)).toEqual({ code: 0, stdout: command.usage, stderr: '' });
  });

  it('its usage lists every declared flag, and only declared flags', () => {
    for (const flag of declared) expect(command.usage, flag).toMatch(new RegExp(`--${flag}\\b`));
    expect(command.usage).toContain('-h, --help');
    const mentioned = new Set(command.usage.match(/--[a-z][a-z-]*/g));
    for (const flag of mentioned) expect([...declared, ...Object.keys(HELP_FLAG)], flag).toContain(flag.slice(2));
  });

  it('an unknown flag: one line on stderr pointing at --help, exit 2', async () => {
    expect(await cli([name, '--no-such-flag'])).toEqual({
      code: 2,
      stdout: '',
      stderr: `tokenbench ${name}: unknown option --no-such-flag; see tokenbench ${name} --help\n`,
    });
  });

  it('a mistyped flag: one line with a did-you-mean, exit 2', async () => {
    const longest = [...declared].sort((a, b) => b.length - a.length)[0];
    const result = await cli([name, typoOf(longest)]);
    expect(result).toEqual({
      code: 2,
      stdout: '',
      stderr: `tokenbench ${name}: unknown option ${typoOf(longest)} (did you mean --${longest}?); see tokenbench ${name} --help\n`,
    });
  });

  it('a value flag given twice: one line, exit 2', async () => {
    const valueFlag = declared.find((flag) => command.options[flag].type === 'string');
    if (valueFlag === undefined) return;
    const result = await cli([name, `--${valueFlag}`, 'a', `--${valueFlag}`, 'b']);
    expect(result).toEqual({ code: 2, stdout: '', stderr: `tokenbench ${name}: --${valueFlag}: given more than once; give it once\n` });
  });
});
