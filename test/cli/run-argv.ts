// `tokenbench run`'s arguments the way the command gets them: the shared parser, then parseRunArgs.
import { parseCommandLine } from '../../main/cli/command-line.js';
import { runCommand } from '../../main/cli/commands/run.js';
import { parseRunArgs, type RunArgs } from '../../main/cli/run-args.js';

export function parseRunArgv(argv: string[]): RunArgs {
  const line = parseCommandLine(runCommand, argv);
  if (line.help) throw new Error('--help never reaches parseRunArgs: cli/main.ts prints the usage');
  return parseRunArgs(line.values);
}
