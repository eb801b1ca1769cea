/**
 * A failure the user can fix (bad flag, unreachable server, missing file): cli/main.ts prints its
 * message as one line on stderr, without a stack trace, and exits with 2.
 */
export class CliError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CliError';
  }
}
