// run.json records everything that shaped the run: the levels as run (each once, ascending), the
// telemetry sample interval and, for Ollama, the endpoint (issue 10).
import { existsSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openRunFolder } from '../../main/store/run-reader.js';
import { startScriptedServer, type ScriptedServer } from '../support/scripted-server.js';
import { runCli } from './cli-process.js';

let server: ScriptedServer | null = null;
let out: string;

beforeEach(() => {
  out = mkdtempSync(join(tmpdir(), 'tokenbench-cli-config-'));
});
afterEach(async () => {
  await server?.close();
  server = null;
});

async function onlyRun() {
  const [id] = existsSync(out) ? readdirSync(out) : [];
  expect(id).toBeDefined();
  return openRunFolder(join(out, id!));
}

describe('tokenbench run records its whole configuration', () => {
  it('Ollama: sorted levels, the sample interval and the endpoint the requests went to', async () => {
    server = await startScriptedServer({ tokens: 3, tokenIntervalMs: 1 });
    const args = ['run', '--url', server.url, '--concurrency', '2,1,2', '--endpoint', 'chat', '--sample-interval', '250', '--out', out, '--telemetry', 'none'];
    expect((await runCli(args)).code).toBe(0);
    const run = await onlyRun();
    expect(run.manifest.config).toMatchObject({ concurrency: [1, 2], sampleIntervalMs: 250, ollamaEndpoint: 'chat' });
    expect(run.requests).toHaveLength(3);
    expect(server.log.every((entry) => entry.path === '/api/chat')).toBe(true);
  });

  it('OpenAI-compatible: the default sample interval, and no Ollama endpoint', async () => {
    server = await startScriptedServer({ apis: ['openai'], tokens: 3, tokenIntervalMs: 1 });
    expect((await runCli(['run', '--url', server.url, '--concurrency', '1', '--out', out, '--telemetry', 'none'])).code).toBe(0);
    const run = await onlyRun();
    expect(run.manifest.config.sampleIntervalMs).toBe(1000);
    expect(run.manifest.config).not.toHaveProperty('ollamaEndpoint');
  });
});
