import { describe, expect, it } from 'vitest';
import { DEFAULTS } from '../../common/run-config.js';
import { MAIN_HELP, REPORT_HELP, RUN_HELP } from '../../main/cli/help.js';
import { parseRunArgs, RUN_OPTION_NAMES } from '../../main/cli/run-args.js';

const texts = { MAIN_HELP, RUN_HELP, REPORT_HELP };

describe('help texts', () => {
  it.each(Object.entries(texts))('%s fits in 80 columns and has no tabs', (_name, text) => {
    for (const line of text.split('\n')) {
      expect(line.length, line).toBeLessThanOrEqual(80);
      expect(line).not.toContain('\t');
    }
  });

  it('RUN_HELP lists every option parseRunArgs accepts', () => {
    for (const name of RUN_OPTION_NAMES) expect(RUN_HELP, name).toContain(`--${name}`);
    expect(RUN_HELP).toContain('-h, --help');
  });

  it('RUN_HELP options are all accepted by parseRunArgs', () => {
    const mentioned = new Set(RUN_HELP.match(/--[a-z][a-z-]*/g));
    for (const flag of mentioned) expect(RUN_OPTION_NAMES, flag).toContain(flag.slice(2));
  });

  it('RUN_HELP quotes the real defaults', () => {
    expect(RUN_HELP).toContain(`(default ${DEFAULTS.url})`);
    expect(RUN_HELP).toContain(`(default ${DEFAULTS.concurrency.join(',')})`);
    expect(RUN_HELP).toContain(`(default ${DEFAULTS.timeoutMs / 1000})`);
    expect(RUN_HELP).toContain(`(default ${DEFAULTS.idleTimeoutMs / 1000})`);
    expect(RUN_HELP).toContain(`(default ${DEFAULTS.sampleIntervalMs})`);
    expect(RUN_HELP).toContain(`(default ${DEFAULTS.outDir})`);
    expect(RUN_HELP.replace(/\s+/g, ' ')).toContain(DEFAULTS.prompt);
  });

  it('RUN_HELP examples parse', () => {
    const examples = RUN_HELP.split('\n')
      .filter((line) => line.startsWith('  tokenbench run'))
      .map((line) => line.trim().replace(/ > .*$/, '').split(/\s+/).slice(2));
    expect(examples.length).toBeGreaterThanOrEqual(4);
    for (const argv of examples) {
      if (argv.includes('--gguf')) continue; // names a file that does not exist here
      expect(() => parseRunArgs(argv), argv.join(' ')).not.toThrow();
    }
  });

  it.each(Object.entries(texts))('%s states the exit codes', (_name, text) => {
    for (const code of ['0 ', '1 ', '2 ', '130 ']) expect(text).toContain(`\n  ${code}`);
  });

  it('MAIN_HELP lists run, report and serve, and nothing not yet built', () => {
    for (const command of ['run', 'report', 'serve']) expect(MAIN_HELP).toMatch(new RegExp(`^  ${command} `, 'm'));
    expect(MAIN_HELP).toMatch(/^  import-legacy$/m);
    expect(MAIN_HELP).toMatch(/^  compare /m);
  });

  it('REPORT_HELP gives the usage and the formats available now', () => {
    expect(REPORT_HELP).toMatch(/^Usage: tokenbench report RUN --format [a-z|]*\bcsv\b[a-z|]* \[--out FILE\]$/m);
  });
});
