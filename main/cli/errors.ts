/**
 * A failure the user can fix (bad flag, unreachable server, missing file): the CLI prints its message as
 * one line on stderr, without a stack trace, and exits with `exitCode` (2 by convention).
 */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: number = 2,
  ) {
    super(message);
    this.name = 'CliError';
  }
}
