// The only door to root. Our root command is a constant (powermetrics-command.ts), but sudo-prompt 9.2 puts
// a line of its own before it: the script it runs as root starts with `cd "<process.cwd()>"`, escaping only
// `"` (node_modules/sudo-prompt/index.js, MacCommand; Linux builds the same `cd` into its pkexec line).
// The working directory is user text: started from a folder named `proj$(id > /tmp/x)`, the root shell
// runs `id` once the user types their password. sudo-prompt reads the directory when it writes that
// script, and offers no way to choose it; Tokenbench never changes its own working directory, so the
// directory checked here is the one sudo-prompt uses.
import type { SudoExec } from './sudo-prompt.js';

/**
 * The characters sh leaves alone between double quotes: printable ASCII except `$` (expansion and command
 * substitution), `` ` `` (command substitution), `\` (escapes, so `\"` would close the quotes), `"` and `!`
 * (history expansion where enabled). Non-ASCII is refused too: a shell in a multibyte locale other than
 * UTF-8 could read a closing quote as the tail of a character.
 */
const INERT_IN_DOUBLE_QUOTES = /^\/[\x20\x23\x25-\x5b\x5d-\x5f\x61-\x7e]*$/;

/** The name sudo-prompt shows in the password dialog. */
export const ELEVATION_NAME = 'Tokenbench';

/** Elevation refused before any prompt: the working directory could carry shell text into the root script. */
export class UnsafeElevationError extends Error {
  override name = 'UnsafeElevationError';
}

/** Why sudo-prompt must not run from `cwd`, or null when it may. */
export function elevationRefusal(cwd: string): string | null {
  if (INERT_IN_DOUBLE_QUOTES.test(cwd)) return null;
  return (
    `not asking for the administrator password: sudo-prompt would start its root script with "cd" into the ` +
    `current folder ${JSON.stringify(cwd)}, whose name holds characters a shell could run ($, \`, \\, ", ! or ` +
    `non-ASCII); start Tokenbench from a plainly named folder to get GPU data`
  );
}

/**
 * Runs `command` as root through sudo-prompt's `exec`, or throws UnsafeElevationError (synchronously, before
 * any dialog) when the working directory sudo-prompt will `cd` into is not plain.
 */
export function execElevated(
  sudoExec: SudoExec,
  command: string,
  callback: Parameters<SudoExec>[2],
  cwd: string = process.cwd(),
): void {
  const refusal = elevationRefusal(cwd);
  if (refusal !== null) throw new UnsafeElevationError(refusal);
  sudoExec(command, { name: ELEVATION_NAME }, callback);
}
