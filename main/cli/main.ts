import { ServeInputError } from '../serve/errors.js';
import type { Command, Outcome } from './command.js';
import { parseCommandLine } from './command-line.js';
import { compareCommand } from './commands/compare.js';
import { historyCommand } from './commands/history.js';
import { importLegacyCommand } from './commands/import-legacy.js';
import { playbackCommand } from './commands/playback.js';
import { rankCommand } from './commands/rank.js';
import { reportCommand } from './commands/report.js';
import { RUN_EXIT_CODES, runCommand } from './commands/run.js';
import { serveCommand } from './commands/serve.js';
import { serversCommand } from './commands/servers.js';
import { uiCommand } from './commands/ui.js';
import { CliError } from './errors.js';
import type { CliIo } from './io.js';
import { TOOL_VERSION } from '../tool-version.js';

/**
 * Every `tokenbench` command, in the order `tokenbench --help` lists them. Each module declares its
 * flags and help and imports its implementation only when run.
 */
export const COMMANDS: readonly Command[] = [runCommand, serversCommand, reportCommand, compareCommand, rankCommand, historyCommand, playbackCommand, serveCommand, uiCommand, importLegacyCommand];

/** The only place that knows exit codes. */
const EXIT_CODE: Record<Outcome | 'bad input' | 'internal error', number> = {
  ok: 0,
  failed: 1,
  'internal error': 1,
  'bad input': 2,
  cancelled: 130,
};

const SUMMARY_COLUMN = 11;

export const MAIN_HELP = `tokenbench — load-test a local LLM server and get numbers you can trust

Usage: tokenbench <command> [options]

Commands:
${COMMANDS.map(commandLine).join('\n')}

Run "tokenbench <command> --help" for the options of a command.

${RUN_EXIT_CODES}
`;

/** `  name     summary`, or the summary on the next line when the name is too long for its column. */
function commandLine({ name, summary }: Command): string {
  const head = `  ${name}`;
  if (head.length < SUMMARY_COLUMN - 1) return `${head.padEnd(SUMMARY_COLUMN)}${summary}`;
  return `${head}\n${' '.repeat(SUMMARY_COLUMN)}${summary}`;
}

/** The process itself: its streams, its signals, its exit. */
export function processIo(): CliIo {
  return {
    stdout: process.stdout,
    stderr: process.stderr,
    onInterrupt(handler) {
      process.on('SIGINT', handler);
      process.on('SIGTERM', handler);
      return () => {
        process.off('SIGINT', handler);
        process.off('SIGTERM', handler);
      };
    },
    quitNow() {
      process.exit(EXIT_CODE.cancelled);
    },
  };
}

/** A failure the user can fix, from the CLI or from the built-in engine it started. */
function isUserError(error: unknown): error is CliError | ServeInputError {
  return error instanceof CliError || error instanceof ServeInputError;
}

/** What the process exits with when a command throws `error`: 2 for bad input, else 1. */
export function exitCodeOf(error: unknown): number {
  return isUserError(error) ? EXIT_CODE['bad input'] : EXIT_CODE['internal error'];
}

/** The `tokenbench` entry point; returns the exit code. User errors print one line, never a stack. */
export async function main(argv: string[], io: CliIo = processIo()): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    io.stdout.write(MAIN_HELP);
    return name === undefined ? EXIT_CODE['bad input'] : EXIT_CODE.ok;
  }
  if (name === '--version' || name === '-v') {
    io.stdout.write(`${TOOL_VERSION}\n`);
    return EXIT_CODE.ok;
  }
  const command = COMMANDS.find((c) => c.name === name);
  if (!command) {
    const names = COMMANDS.map((c) => c.name).join(', ');
    io.stderr.write(`tokenbench: unknown command "${name}"; commands: ${names} (see tokenbench --help)\n`);
    return EXIT_CODE['bad input'];
  }
  try {
    const line = parseCommandLine(command, rest);
    if (line.help) {
      io.stdout.write(command.usage);
      return EXIT_CODE.ok;
    }
    return EXIT_CODE[await command.run(line, io)];
  } catch (error) {
    if (isUserError(error)) {
      io.stderr.write(`tokenbench ${name}: ${error.message.replace(/\s*[\r\n]+\s*/g, ' ')}\n`);
    } else {
      io.stderr.write(`tokenbench ${name}: internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    }
    return exitCodeOf(error);
  }
}
