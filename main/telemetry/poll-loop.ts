// The one polling loop of the samplers read on a timer (amdgpu sysfs, rocm-smi, the server's
// processes): a tick every interval, never two at once, and a stop that waits for the tick running.

export interface PollLoop {
  /** Runs one tick now and resolves when it ends (joins the tick running, if any). */
  tickNow(): Promise<void>;
  /** A tick every `intervalMs` from now on; a beat is skipped while the previous tick still runs. */
  repeat(): void;
  /** No more ticks; resolves once the running one has ended. Idempotent. */
  stop(): Promise<void>;
}

/** `tick` handles its own errors; one that escapes is dropped so that the timer keeps going. */
export function createPollLoop(intervalMs: number, tick: () => Promise<void>): PollLoop {
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<void> | null = null;
  let stopped = false;

  const run = (): Promise<void> => {
    running ??= tick()
      .catch(() => undefined)
      .finally(() => {
        running = null;
      });
    return running;
  };

  return {
    tickNow: () => (stopped ? Promise.resolve() : run()),
    repeat() {
      if (stopped || timer) return;
      timer = setInterval(() => {
        if (!running) void run();
      }, intervalMs);
      // A forgotten stop() must not keep the process alive.
      timer.unref();
    },
    async stop() {
      stopped = true;
      if (timer) clearInterval(timer);
      timer = null;
      await running;
    },
  };
}
