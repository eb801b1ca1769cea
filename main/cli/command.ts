import type { CommandArgs, CommandGrammar, Flags } from './command-line.js';
import type { CliIo } from './io.js';

/** How a command ended. cli/main.ts alone turns it into an exit code; bad input is thrown as CliError. */
export type Outcome = 'ok' | 'failed' | 'cancelled';

/**
 * One `tokenbench` command: its flags, its help beside them, and how to run it. The module declaring
 * it stays light; `run` imports the implementation on demand, so `tokenbench report` never loads
 * what `serve` needs (llama.cpp's native addon).
 */
export interface Command<F extends Flags = Flags> extends CommandGrammar<F> {
  /** One line in `tokenbench --help`. */
  readonly summary: string;
  /** `tokenbench <name> --help`: names every flag in `options`; lines of at most 80 columns. */
  readonly usage: string;
  /** Called with what parseCommandLine accepted, never for --help. */
  run(args: CommandArgs<F>, io: CliIo): Promise<Outcome>;
}
