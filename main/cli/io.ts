/** What a command needs from its process, handed in so tests can run commands in-process. */
export interface CliIo {
  stdout: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
  stderr: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
  /** Calls `handler` on SIGINT/SIGTERM until the returned function is called. */
  onInterrupt(handler: () => void): () => void;
  /** Leaves at once as cancelled, skipping any clean-up (a second Ctrl-C). */
  quitNow(): never;
}

/** The next SIGINT/SIGTERM as a promise; `dispose` stops listening (call it either way). */
export function nextInterrupt(io: CliIo): { promise: Promise<void>; dispose(): void } {
  let dispose: () => void = () => undefined;
  const promise = new Promise<void>((resolve) => {
    dispose = io.onInterrupt(() => resolve());
  });
  return { promise, dispose: () => dispose() };
}
