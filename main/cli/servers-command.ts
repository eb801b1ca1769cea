import type { FoundServer } from '../../common/api.js';
import type { Outcome } from './command.js';
import type { CommandArgs } from './command-line.js';
import type { SERVERS_OPTIONS } from './commands/servers.js';
import type { CliIo } from './io.js';
import { describeLocalModel, describeServer, discover } from './run-target.js';

/** Model lists can be long; the JSON output has them all. */
const MODELS_SHOWN = 8;

function modelsLine(server: FoundServer): string {
  if (server.models.length === 0) return 'no models listed';
  const shown = server.models.slice(0, MODELS_SHOWN).join(', ');
  const more = server.models.length > MODELS_SHOWN ? ` and ${server.models.length - MODELS_SHOWN} more` : '';
  return `models: ${shown}${more}`;
}

/** `tokenbench servers`: what answers, and what `run` without --url would benchmark. */
export async function listServers({ values }: CommandArgs<typeof SERVERS_OPTIONS>, io: CliIo): Promise<Outcome> {
  const { discovery, local } = await discover();
  if (values.json === true) {
    io.stdout.write(`${JSON.stringify(discovery, null, 2)}\n`);
    return 'ok';
  }
  const lines: string[] = [];
  if (discovery.servers.length === 0) {
    lines.push('No local LLM server answers on this machine.');
  } else {
    lines.push(`Found ${discovery.servers.length} local LLM server${discovery.servers.length === 1 ? '' : 's'}:`);
    for (const server of discovery.servers) {
      lines.push(`  ${describeServer(server)} (${server.api === 'ollama' ? 'Ollama API' : 'OpenAI API'})`);
      lines.push(`    ${modelsLine(server)}${server.loadedModel ? `; loaded: ${server.loadedModel}` : ''}`);
      if (server.warning) lines.push(`    warning: ${server.warning}`);
    }
  }
  const first = discovery.servers[0];
  if (first) {
    lines.push(`\`tokenbench run\` benchmarks ${describeServer(first)}; pick another with --url URL.`);
  } else if (local) {
    lines.push(`\`tokenbench run\` benchmarks the built-in llama.cpp engine on ${describeLocalModel(local)}.`);
    lines.push('Start your server (e.g. `ollama serve`) or point run at it with --url URL.');
  } else {
    lines.push('`tokenbench run` has nothing to benchmark: start your server (e.g. `ollama serve`), or give --url URL or --gguf FILE.');
  }
  io.stdout.write(`${lines.join('\n')}\n`);
  return 'ok';
}
