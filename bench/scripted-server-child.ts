// The scripted server in its own process for benchmarks, so its work never lands on the client's
// event loop. Talks to the parent over IPC: announces {url, hrOriginMs}; answers {type:'log'} with the
// token write times, expressed on the machine-wide monotonic clock (process.hrtime) so the parent can
// compare them with its own performance.now() without any wall-clock offset.
import { performance } from 'node:perf_hooks';
import { startScriptedServer } from '../test/support/scripted-server.js';

export interface ChildOptions {
  tokens: number;
  tokenIntervalMs: number;
  /** Spread first tokens apart per arrival index so each client record matches one log entry. */
  prefillStepMs: number;
  logTokenTimes: boolean;
}

export interface ChildLogEntry {
  tokens: number;
  outcome: string | null;
  /** Token write times in ms on the hrtime clock. */
  tokenTimesHr: number[];
}

/** performance.now() = hrtime − this, in ms. */
const hrOriginMs = (): number => Number(process.hrtime.bigint()) / 1e6 - performance.now();

async function main(): Promise<void> {
  const options = JSON.parse(process.argv[2] ?? '{}') as ChildOptions;
  const server = await startScriptedServer({
    tokens: options.tokens,
    tokenIntervalMs: options.tokenIntervalMs,
    logTokenTimes: options.logTokenTimes,
    script: ({ index }) => ({ prefillMs: options.prefillStepMs * index }),
  });
  const origin = hrOriginMs();
  process.send?.({ type: 'ready', url: server.url, hrOriginMs: origin });
  process.on('message', (message: { type?: string }) => {
    if (message.type !== 'log') return;
    const entries: ChildLogEntry[] = server.log.map((e) => ({
      tokens: e.tokens,
      outcome: e.outcome,
      tokenTimesHr: Array.from(e.tokenTimes, (t) => t + origin),
    }));
    process.send?.({ type: 'log', entries });
  });
  process.once('disconnect', () => void server.close().then(() => process.exit(0)));
}

void main();
