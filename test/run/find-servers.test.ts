// Discovery against real HTTP servers on loopback that answer like each kind of local LLM server, on free
// ports (the well-known ones cannot be bound reliably in a test): who each is, its models and the loaded
// one, the order, the time it takes, and what a run without a chosen server would use.
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { SERVER_KINDS, type ServerKind } from '../../common/api.js';
import { defaultProbeAddresses, findServers, NO_TARGET_REASON, pickServer, WELL_KNOWN_PORTS, type ProbeAddress } from '../../main/run/find-servers.js';
import type { FoundServer } from '../../common/api.js';
import { endlessModelList, startLookAlike, type LookAlikeKind, type LookAlikeServer } from '../support/look-alike-servers.js';
import { repoRoot } from '../support/fixtures.js';

const started: LookAlikeServer[] = [];
afterEach(async () => {
  await Promise.all(started.splice(0).map((s) => s.close()));
});

async function lookAlike(kind: LookAlikeKind, override?: Parameters<typeof startLookAlike>[1]): Promise<LookAlikeServer> {
  const server = await startLookAlike(kind, override);
  started.push(server);
  return server;
}

const at = (server: LookAlikeServer, usual: readonly ServerKind[] = []): ProbeAddress => ({ origin: server.url, usual });

describe('findServers tells each kind apart by what it answers', () => {
  const cases: Array<[LookAlikeKind, Record<string, unknown>]> = [
    ['ollama', { api: 'ollama', version: '0.12.3', models: ['llama3.2:1b', 'qwen2.5:7b'], loadedModel: 'qwen2.5:7b' }],
    ['lm-studio', { api: 'openai', version: null, models: ['qwen2.5-7b-instruct', 'llama-3.2-1b-instruct'], loadedModel: 'llama-3.2-1b-instruct' }],
    ['llama-server', { api: 'openai', version: 'b6123-0c2b2a5', models: ['qwen2.5-0.5b-instruct-q4_k_m.gguf'], loadedModel: 'qwen2.5-0.5b-instruct-q4_k_m.gguf' }],
    ['vllm', { api: 'openai', version: '0.6.3', models: ['Qwen/Qwen2.5-7B-Instruct'], loadedModel: 'Qwen/Qwen2.5-7B-Instruct' }],
    ['koboldcpp', { api: 'openai', version: '1.80.3', models: ['koboldcpp/Llama-3.2-1B-Instruct-Q4_K_M'], loadedModel: 'koboldcpp/Llama-3.2-1B-Instruct-Q4_K_M' }],
    [
      'text-generation-webui',
      { api: 'openai', version: null, models: ['Qwen2.5-7B-Instruct-Q4_K_M.gguf', 'Llama-3.2-1B-Instruct-Q8_0.gguf'], loadedModel: 'Qwen2.5-7B-Instruct-Q4_K_M.gguf' },
    ],
    ['sglang', { api: 'openai', version: null, models: ['Qwen/Qwen2.5-7B-Instruct'], loadedModel: 'Qwen/Qwen2.5-7B-Instruct' }],
    ['localai', { api: 'openai', version: 'v2.26.0', models: ['gemma-3-4b-it'], loadedModel: null }],
    ['openai-compatible', { api: 'openai', version: null, models: ['my-model'], loadedModel: null }],
  ];

  it.each(cases)('%s', async (kind, expected) => {
    const server = await lookAlike(kind);
    const { servers } = await findServers({ addresses: [at(server)] });
    expect(servers).toEqual([{ url: server.url, kind, ...expected }]);
  });

  it('names an OpenAI-compatible server on Jan’s port Jan, the same answers elsewhere not', async () => {
    const server = await lookAlike('openai-compatible');
    expect((await findServers({ addresses: [at(server, ['jan'])] })).servers[0]?.kind).toBe('jan');
    expect((await findServers({ addresses: [at(server, ['llama-server', 'localai'])] })).servers[0]?.kind).toBe('openai-compatible');
  });

  it('every kind but jan has a look-alike (jan is named by its port)', () => {
    const covered = new Set<string>([...cases.map(([kind]) => kind), 'jan']);
    expect([...SERVER_KINDS].filter((k) => !covered.has(k))).toEqual([]);
  });

  it('lists nothing where nothing listens, where a web page answers, or where nothing answers in time', async () => {
    const page = await lookAlike('web-page');
    const silent: Server = createServer(() => undefined);
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    try {
      const silentOrigin = `http://127.0.0.1:${(silent.address() as { port: number }).port}`;
      const discovery = await findServers({
        addresses: [{ origin: 'http://127.0.0.1:9', usual: [] }, at(page), { origin: silentOrigin, usual: ['ollama'] }],
        budgetMs: 300,
      });
      expect(discovery.servers).toEqual([]);
      // The silent port costs the budget, not more.
      expect(discovery.tookMs).toBeLessThan(2_000);
      expect(discovery.defaultTarget).toEqual({ kind: 'none', reason: NO_TARGET_REASON });
    } finally {
      silent.close();
    }
  });

  it('asks a closed port one thing; an open one the signals, then Ollama its models', async () => {
    const ollama = await lookAlike('ollama');
    await findServers({ addresses: [at(ollama)] });
    expect(ollama.asked[0]).toBe('/v1/models');
    expect(new Set(ollama.asked)).toEqual(
      new Set(['/v1/models', '/api/extra/version', '/readyz', '/version', '/api/version', '/api/v0/models', '/props', '/get_model_info', '/v1/internal/model/info', '/api/tags', '/api/ps']),
    );
  });
});

describe('findServers order and default target', () => {
  it('Ollama first, then by port; the default target is the first', async () => {
    const servers = await Promise.all((['vllm', 'llama-server', 'ollama', 'lm-studio'] as const).map((k) => lookAlike(k)));
    const discovery = await findServers({ addresses: servers.map((s) => at(s)) });
    const others = servers.filter((s) => s !== servers[2]).sort((a, b) => a.port - b.port);
    expect(discovery.servers.map((s) => s.url)).toEqual([servers[2]!.url, ...others.map((s) => s.url)]);
    expect(discovery.defaultTarget).toEqual({ kind: 'server', url: servers[2]!.url });
  });

  it('two Ollamas: the one listed first (OLLAMA_HOST) wins over a lower port', async () => {
    const [a, b] = await Promise.all([lookAlike('ollama'), lookAlike('ollama')]);
    const [low, high] = a!.port < b!.port ? [a!, b!] : [b!, a!];
    const discovery = await findServers({ addresses: [at(high), at(low)] });
    expect(discovery.servers.map((s) => s.url)).toEqual([high.url, low.url]);
  });

  it('nothing answers: the built-in engine on the model the finder gives, demo or not', async () => {
    const nothing = [{ origin: 'http://127.0.0.1:9', usual: [] }];
    const demo = await findServers({ addresses: nothing, builtInModel: async () => ({ path: '/m/tiny.gguf', name: 'tiny', demo: true }) });
    expect(demo.defaultTarget).toEqual({ kind: 'built-in', model: '/m/tiny.gguf', demo: true, name: 'tiny' });
    const real = await findServers({ addresses: nothing, builtInModel: async () => ({ path: '/m/q.gguf', name: 'qwen2.5:0.5b', demo: false }) });
    expect(real.defaultTarget).toEqual({ kind: 'built-in', model: '/m/q.gguf', demo: false, name: 'qwen2.5:0.5b' });
  });
});

describe('pickServer: what a run with no server named benchmarks', () => {
  const found = (kind: FoundServer['kind'], port: number, models: string[]): FoundServer => ({
    url: `http://127.0.0.1:${port}`,
    kind,
    api: kind === 'ollama' ? 'ollama' : 'openai',
    version: null,
    models,
    loadedModel: null,
  });
  const ollama = found('ollama', 11434, ['llama3.2:latest', 'qwen2.5:7b']);
  const lmStudio = found('lm-studio', 1234, ['phi-4']);
  const vllm = found('vllm', 8000, ['Qwen/Qwen2.5-7B-Instruct']);
  const servers = [ollama, lmStudio, vllm];

  it('the first, with nothing asked', () => {
    expect(pickServer(servers)).toBe(ollama);
    expect(pickServer([])).toBeUndefined();
  });

  it('the first that lists the model asked for; Ollama’s name means name:latest', () => {
    expect(pickServer(servers, { model: 'phi-4' })).toBe(lmStudio);
    expect(pickServer(servers, { model: 'llama3.2' })).toBe(ollama);
    expect(pickServer(servers, { model: 'Qwen/Qwen2.5-7B-Instruct' })).toBe(vllm);
    // Listed nowhere: the first, whose preflight then says the model is missing.
    expect(pickServer(servers, { model: 'nope' })).toBe(ollama);
  });

  it('with the Ollama API asked for, an Ollama; with the OpenAI API, any (Ollama speaks it too)', () => {
    expect(pickServer([lmStudio, vllm], { api: 'ollama' })).toBeUndefined();
    expect(pickServer([lmStudio, ollama], { api: 'ollama' })).toBe(ollama);
    expect(pickServer(servers, { api: 'openai' })).toBe(ollama);
  });

  it('is the default target of a discovery that prefers it', async () => {
    const [a, b] = await Promise.all([lookAlike('ollama'), lookAlike('vllm')]);
    const discovery = await findServers({ addresses: [at(a!), at(b!)], prefer: { model: 'Qwen/Qwen2.5-7B-Instruct' } });
    expect(discovery.defaultTarget).toEqual({ kind: 'server', url: b!.url });
  });
});

describe('findServers caps what it reads', () => {
  it('a 300 MB /api/tags is not read: the server is listed with no models and a warning', async () => {
    const sent = { bytes: 0 };
    const server = await lookAlike('ollama', { '/api/tags': endlessModelList(300 * 1024 * 1024, sent) });
    const before = process.memoryUsage().rss;
    const { servers } = await findServers({ addresses: [at(server)], budgetMs: 5_000 });
    expect(servers[0]).toMatchObject({ kind: 'ollama', models: [], loadedModel: 'qwen2.5:7b' });
    expect(servers[0]?.warning).toBe(`${server.url}/api/tags answered more than 1 MB; it was not read`);
    // The client stopped reading after ~1 MB; socket buffers let the server write a little more, never the 300 MB.
    expect(sent.bytes).toBeLessThan(32 * 1024 * 1024);
    expect(process.memoryUsage().rss - before).toBeLessThan(100 * 1024 * 1024);
  });
});

describe('the probed ports', () => {
  it('are exactly the ones docs/discovery.md lists', () => {
    const doc = readFileSync(`${repoRoot}/docs/discovery.md`, 'utf8');
    const table = doc.split('## Ports probed')[1]?.split('\n## ')[0] ?? '';
    const rows = [...table.matchAll(/^\| (\d+) \| ([^|]+) \|/gm)].map((m) => ({ port: Number(m[1]), usual: m[2]!.trim() }));
    expect(rows.map((r) => r.port)).toEqual(WELL_KNOWN_PORTS.map((p) => p.port));
    const names = (kinds: readonly string[]): string => kinds.map((k) => `\`${k}\``).join(', ');
    expect(rows.map((r) => r.usual)).toEqual(WELL_KNOWN_PORTS.map((p) => names(p.usual)));
  });

  it('are all on 127.0.0.1, plus OLLAMA_HOST when it names this machine', () => {
    expect(defaultProbeAddresses({}).map((a) => a.origin)).toEqual(WELL_KNOWN_PORTS.map((p) => `http://127.0.0.1:${p.port}`));
    expect(defaultProbeAddresses({ OLLAMA_HOST: '0.0.0.0:11500' })[0]).toEqual({ origin: 'http://127.0.0.1:11500', usual: ['ollama'] });
    expect(defaultProbeAddresses({ OLLAMA_HOST: '127.0.0.1:11434' })).toHaveLength(WELL_KNOWN_PORTS.length);
    expect(defaultProbeAddresses({ OLLAMA_HOST: 'gpu-box.lan:11434' })).toHaveLength(WELL_KNOWN_PORTS.length);
  });
});
