// The non-chart parts of a run's report: what ran where, the verdict, the effective parallelism,
// energy, a sample answer and the definitions. Text only; the page inserts it with textContent.
import type { ParallelismFinding } from '../../../common/findings.js';
import type { LevelSummary, RequestRecord } from '../../../common/results.js';
import { VERDICT_STATISTICS, type Verdict } from '../../../common/findings.js';
import type { RunManifest } from '../../../common/run-manifest.js';
import { fixed, MISSING, rate, seconds } from '../cells.js';
import { DEFINITIONS } from '../definitions.js';
import type { Block } from './blocks.js';
import { energyTableCells } from '../energy-table.js';

const GIB = 1024 ** 3;

export function manifestFacts(manifests: readonly RunManifest[], names: readonly string[] | null): Block {
  const rows: Array<[string, ...string[]]> = [];
  const add = (key: string, value: (m: RunManifest) => string): void => {
    rows.push([key, ...manifests.map(value)]);
  };
  add('Run', (m) => m.id);
  add('Status', (m) => (m.reason ? `${m.status} (${m.reason})` : m.status));
  add('Started / ended', (m) => `${m.startedAt} → ${m.endedAt ?? 'not ended'}`);
  add('Server', (m) => `${m.target.url} (${m.target.api} API${m.target.serverVersion ? `, version ${m.target.serverVersion}` : ''})`);
  add('Model', (m) => `${m.target.model}${modelDetails(m.target.modelDetails)}`);
  add('Levels', (m) => `${m.config.concurrency.join(', ')} (${m.config.mode}${m.config.mode === 'sustained' ? sustainedBy(m) : ''})`);
  add('Prompt', (m) => m.config.prompt);
  add('Max tokens', (m) => (m.config.maxTokens === undefined ? "server's default" : String(m.config.maxTokens)));
  add('Thinking', (m) => (m.config.think === undefined ? "server's default" : m.config.think ? 'on' : 'off'));
  add('Warm-up, cooldown', (m) => `${m.config.warmup ? 'one warm-up request (not counted)' : 'no warm-up'}, cooldown ${fixed(m.config.cooldownMs / 1000, 1)} s`);
  add('Timeouts', (m) => `request ${fixed(m.config.timeoutMs / 1000, 0)} s, idle ${fixed(m.config.idleTimeoutMs / 1000, 0)} s`);
  add('Host', (m) => `${m.host.os} ${m.host.osVersion} (${m.host.arch})`);
  add('CPU, RAM', (m) => `${m.host.cpuModel} × ${m.host.cpuCores} cores, ${fixed(m.host.ramBytes / GIB, 1)} GiB RAM`);
  add('GPU', (m) => gpuText(m));
  add('Telemetry', (m) => telemetryText(m));
  add('Tool', (m) => `${m.tool.name} ${m.tool.version}`);
  return { type: 'facts', rows, ...(names ? { headers: ['', ...names] } : {}) };
}

function sustainedBy(m: RunManifest): string {
  if (m.config.durationMs !== undefined) return `, ${fixed(m.config.durationMs / 1000, 0)} s per level`;
  if (m.config.requests !== undefined) return `, ${m.config.requests} requests per level`;
  return '';
}

function gpuText(m: RunManifest): string {
  const gpu = m.host.gpu;
  if (!gpu) return 'not detected';
  const parts = [gpu.name];
  if (gpu.cores !== undefined) parts.push(`${gpu.cores} cores`);
  if (gpu.vramBytes !== undefined) parts.push(`${fixed(gpu.vramBytes / GIB, 1)} GiB VRAM`);
  return parts.join(', ');
}

function telemetryText(m: RunManifest): string {
  const entries = Object.entries(m.telemetry ?? {});
  if (entries.length === 0) return m.config.telemetry === 'none' ? 'off (--telemetry none)' : 'no status recorded';
  return entries
    .map(([name, s]) => `${name}: ${s.available ? `yes${s.source ? ` (${s.source})` : ''}${s.reason ? `, ${s.reason}` : ''}` : `no (${s.reason ?? 'not available'})`}`)
    .join('; ');
}

function modelDetails(details: Record<string, unknown> | null): string {
  if (!details) return '';
  const shown = Object.entries(details)
    .filter((e): e is [string, string | number | boolean] => ['string', 'number', 'boolean'].includes(typeof e[1]))
    .map(([k, v]) => `${k} ${String(v)}`);
  return shown.length > 0 ? ` (${shown.join(', ')})` : '';
}

function upTo(concurrency: number | null): string {
  return concurrency === null ? 'no level' : `up to ${concurrency} parallel`;
}

export function verdictBlocks(verdict: Verdict, parallelism: ParallelismFinding): Block[] {
  const { maxWaitMs, minTokensPerSecond } = verdict.thresholds;
  const tone = (c: number | null): 'good' | 'bad' => (c === null ? 'bad' : 'good');
  const energy = verdict.energyAtBoth;
  const cards: Extract<Block, { type: 'cards' }>['cards'] = [
    {
      label: `Wait ≤ ${fixed(maxWaitMs / 1000, 1)} s`,
      value: upTo(verdict.maxConcurrencyForWait),
      detail: `TTFT ${VERDICT_STATISTICS.wait} within the limit at every level up to there, no errors`,
      tone: tone(verdict.maxConcurrencyForWait),
    },
    {
      label: `Speed ≥ ${fixed(minTokensPerSecond, 1)} tokens/s`,
      value: upTo(verdict.maxConcurrencyForSpeed),
      detail: `tokens/s ${VERDICT_STATISTICS.speed} (slow tail) above the limit at every level up to there, no errors`,
      tone: tone(verdict.maxConcurrencyForSpeed),
    },
    {
      label: 'Both',
      value: upTo(verdict.maxConcurrencyForBoth),
      detail: 'the load this machine serves within both limits',
      tone: tone(verdict.maxConcurrencyForBoth),
    },
    {
      label: 'Energy per token',
      value: energy?.joulesPerToken != null ? `${fixed(energy.joulesPerToken, 3)} J/token` : MISSING,
      detail:
        energy?.joulesPerToken != null
          ? `GPU energy at ${verdict.maxConcurrencyForBoth} parallel (${fixed(energy.watts, 1)} W, ${energy.source})` +
            (verdict.mostEfficient ? `; fewest at ${verdict.mostEfficient.concurrency} parallel: ${fixed(verdict.mostEfficient.joulesPerToken, 3)} J/token` : '')
          : verdict.mostEfficient
            ? `no power samples at the level meeting both; fewest at ${verdict.mostEfficient.concurrency} parallel: ${fixed(verdict.mostEfficient.joulesPerToken, 3)} J/token`
            : 'no GPU power samples cover the levels',
      tone: 'neutral',
    },
    {
      label: 'Effective parallelism',
      value: parallelism.slots === null ? MISSING : `${parallelism.atLeast ? '≥ ' : ''}${parallelism.slots} at a time`,
      detail:
        parallelism.firstQueuedLevel !== null
          ? `read from the TTFTs: some requests queued from ${parallelism.firstQueuedLevel} parallel on (below)`
          : parallelism.summary,
      tone: 'neutral',
    },
  ];
  const table = {
    headers: ['Parallel', `TTFT ${VERDICT_STATISTICS.wait} (s)`, 'Wait ok', `t/s ${VERDICT_STATISTICS.speed}`, 'Speed ok', 'Errors', 'J/token'],
    rows: verdict.levels.map((l) => [
      String(l.concurrency),
      seconds(l.waitMs),
      meets(l.meetsWait, l.waitMs !== null && l.waitMs <= verdict.thresholds.maxWaitMs, l.errors),
      rate(l.tokensPerSecond),
      meets(l.meetsSpeed, l.tokensPerSecond !== null && l.tokensPerSecond >= verdict.thresholds.minTokensPerSecond, l.errors),
      String(l.errors),
      fixed(l.energy?.joulesPerToken, 3),
    ]),
  };
  return [
    { type: 'cards', cards },
    { type: 'paragraph', tone: 'headline', text: `Effective parallelism: ${parallelism.summary}.` },
    { type: 'table', caption: 'Each level against the thresholds', table },
  ];
}

/** "no: errors" when the statistic is within the limit but failed requests disqualify the level. */
function meets(met: boolean, statisticWithin: boolean, errors: number): string {
  if (met) return 'yes';
  return statisticWithin && errors > 0 ? 'no: errors' : 'no';
}

export function energyBlock(levels: readonly LevelSummary[]): Block {
  if (!levels.some((l) => l.energy)) {
    return { type: 'paragraph', tone: 'note', text: 'No energy figures: no GPU power samples cover the levels of this run.' };
  }
  return {
    type: 'table',
    caption: 'GPU energy per level',
    table: energyTableCells(levels),
  };
}

/** The first ok answer of the smallest level: what the model said when it had the machine to itself. */
export function sampleAnswerBlock(records: readonly RequestRecord[]): Block {
  const ok = records.filter((r) => r.status === 'ok').sort((a, b) => a.level - b.level || a.index - b.index);
  const record = ok[0];
  if (!record) return { type: 'paragraph', tone: 'note', text: 'No ok request: there is no answer to show.' };
  const thinking = record.pieces.filter((_, i) => record.pieceKinds[i] === 't').join('');
  return {
    type: 'answer',
    caption: `Request ${record.index} of level ${record.level}: ${record.outputTokens} output tokens (${record.thinkingTokens} thinking), ${rate(record.tokensPerSecond)} tokens/s, TTFT ${seconds(record.ttftMs)} s.`,
    thinking,
    answer: record.text,
  };
}

export function definitionsBlock(): Block {
  return { type: 'definitions', items: DEFINITIONS.map((d) => ({ term: d.term, text: d.text })) };
}
