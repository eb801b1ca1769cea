import { CliError } from './errors.js';
import { MAIN_HELP } from './help.js';
import { processIo, type CliIo } from './io.js';
import { TOOL_VERSION } from './version.js';

type Command = (argv: string[], io: CliIo) => Promise<number>;

/** Commands load on demand so `tokenbench report` never pays for llama.cpp's native addon. */
const COMMANDS: Record<string, () => Promise<Command>> = {
  run: async () => (await import('./run-command.js')).runCommand,
  report: async () => (await import('./report-command.js')).reportCommand,
  compare: async () => (await import('./compare-command.js')).compareCommand,
  'import-legacy': async () => (await import('./import-legacy-command.js')).importLegacyCommand,
  ui: async () => (await import('./ui-command.js')).uiCommand,
  serve: async () => {
    const { serveCommand } = await import('./serve-command.js');
    return (argv, io) => serveCommand(argv, { stdout: io.stdout, stderr: io.stderr });
  },
};

/** The `tokenbench` entry point; returns the exit code. User errors print one line, never a stack. */
export async function main(argv: string[], io: CliIo = processIo()): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    io.stdout.write(MAIN_HELP);
    return name === undefined ? 2 : 0;
  }
  if (name === '--version' || name === '-v') {
    io.stdout.write(`${TOOL_VERSION}\n`);
    return 0;
  }
  const load = COMMANDS[name];
  if (!load) {
    io.stderr.write(`tokenbench: unknown command "${name}"; commands: ${Object.keys(COMMANDS).join(', ')} (see tokenbench --help)\n`);
    return 2;
  }
  try {
    const command = await load();
    return await command(rest, io);
  } catch (err) {
    if (err instanceof CliError) {
      io.stderr.write(`tokenbench ${name}: ${err.message}\n`);
      return err.exitCode;
    }
    io.stderr.write(`tokenbench ${name}: internal error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    return 1;
  }
}
