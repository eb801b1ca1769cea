// Ollama's API does not say how many requests it decodes at once (OLLAMA_NUM_PARALLEL); only a finished
// run can show it, when requests beyond the first waited in a queue. The status line says which.
import { originOf } from '../run/detect-server.js';
import { effectiveParallelism } from '../metrics/parallelism.js';
import { listRuns, openRunFolder } from '../store/run-reader.js';

export const CANNOT_TELL_PARALLELISM =
  "can't tell from Ollama's API how many requests it serves at once (OLLAMA_NUM_PARALLEL); a run with levels 1 and 2 will show it";

/**
 * A warning about the Ollama server at `url`, from its latest completed run in `runsDir`: when that run
 * shows one request decoded at a time; `CANNOT_TELL_PARALLELISM` when no run shows anything; else null.
 */
export async function ollamaParallelismWarning(url: string, runsDir: string): Promise<string | null> {
  const origin = originOf(url);
  const runs = await listRuns(runsDir);
  const latest = runs.find((r) => r.status === 'completed' && r.target.api === 'ollama' && r.target.url === origin);
  if (!latest) return CANNOT_TELL_PARALLELISM;
  const run = await openRunFolder(latest.dir);
  const finding = effectiveParallelism(run.summary.levels, run.requests);
  if (finding.slots === null) return CANNOT_TELL_PARALLELISM;
  if (finding.slots === 1 && !finding.atLeast) {
    return `Ollama served 1 request at a time in run ${latest.id} (the others waited in a queue); set OLLAMA_NUM_PARALLEL to serve more at once`;
  }
  return null;
}
