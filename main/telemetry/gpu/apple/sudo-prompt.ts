/** sudo-prompt's `exec` signature, injectable so tests never touch a real password prompt. */
export type SudoExec = (
  command: string,
  options: { name?: string },
  callback: (error?: Error, stdout?: string | Buffer, stderr?: string | Buffer) => void,
) => void;
