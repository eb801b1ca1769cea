// Load generator for `npm run bench:serve`: sends `parallel` streamed /api/generate requests at once and
// returns the wall time and the server's own counters of each answer. Runs in the bench process (as the
// client of `tokenbench run --gguf` does) or in a child process (serve-client.ts).
import { Agent, request } from 'node:http';
import { performance } from 'node:perf_hooks';

export interface ClientJob {
  url: string;
  model: string;
  parallel: number;
  tokens: number;
}

export interface ClientResult {
  wallMs: number;
  /** CPU time of the process that ran the client during the load (user + system), µs. */
  cpuUs: number;
  /** Per request: eval_count, eval_duration (ms), and the number of streamed lines before the final one. */
  requests: Array<{ evalCount: number; evalMs: number; chunks: number }>;
}

function generate(agent: Agent, job: ClientJob, index: number): Promise<ClientResult['requests'][number]> {
  const body = JSON.stringify({
    model: job.model,
    prompt: `Request ${index}: tell a story`,
    options: { num_predict: job.tokens, seed: index + 1 },
  });
  return new Promise((resolve, reject) => {
    const req = request(`${job.url}/api/generate`, { method: 'POST', agent, headers: { 'content-type': 'application/json' } }, (res) => {
      if (res.statusCode !== 200) reject(new Error(`HTTP ${res.statusCode}`));
      let tail = '';
      let lines = 0;
      res.setEncoding('utf8');
      res.on('data', (text: string) => {
        // Count lines without parsing them; only the final one is parsed.
        for (let at = text.indexOf('\n'); at !== -1; at = text.indexOf('\n', at + 1)) lines++;
        tail = (tail + text).slice(-4096);
      });
      res.on('end', () => {
        const final = JSON.parse(tail.trim().split('\n').pop() ?? '{}') as { eval_count?: number; eval_duration?: number };
        resolve({ evalCount: final.eval_count ?? 0, evalMs: (final.eval_duration ?? 0) / 1e6, chunks: lines - 1 });
      });
      res.on('error', reject);
    });
    req.setTimeout(120_000, () => req.destroy(new Error('no answer within 120 s')));
    req.on('error', reject);
    req.end(body);
  });
}

/** All requests of one level at once, on a keep-alive pool sized to the level. */
export async function runLoad(job: ClientJob): Promise<ClientResult> {
  const agent = new Agent({ keepAlive: true, maxSockets: job.parallel });
  const cpu = process.cpuUsage();
  const started = performance.now();
  try {
    const requests = await Promise.all(Array.from({ length: job.parallel }, (_, index) => generate(agent, job, index)));
    const wallMs = performance.now() - started;
    const used = process.cpuUsage(cpu);
    return { wallMs, cpuUs: used.user + used.system, requests };
  } finally {
    agent.destroy();
  }
}
