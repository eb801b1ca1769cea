// The non-chart parts of a run's HTML report, laid out from the report model's view: what ran where,
// the verdict, energy, a sample answer and the definitions. Text only; the page inserts it with textContent.
import { DEFINITIONS } from '../../../common/definitions.js';
import { fixed, gibibytes } from '../../../common/format.js';
import type { EnergyView } from '../../../common/report/energy-table.js';
import type { ReportModel } from '../../../common/report/report-model.js';
import type { SampleAnswer } from '../../../common/report/sample-answer.js';
import type { VerdictView } from '../../../common/report/verdict-view.js';
import type { RunManifest } from '../../../common/run-manifest.js';
import { rateText } from '../../../common/levels.js';
import { describeSlo } from '../../../common/slo.js';
import { modelDetailsText } from '../model-details.js';
import type { Block } from './blocks.js';

export function manifestFacts(manifests: readonly RunManifest[], names: readonly string[] | null): Block {
  const rows: Array<[string, ...string[]]> = [];
  const add = (key: string, value: (m: RunManifest) => string): void => {
    rows.push([key, ...manifests.map(value)]);
  };
  add('Run', (m) => m.id);
  add('Status', (m) => (m.reason ? `${m.status} (${m.reason})` : m.status));
  add('Started / ended', (m) => `${m.startedAt} → ${m.endedAt ?? 'not ended'}`);
  add('Server', (m) => `${m.target.url} (${m.target.api} API${m.target.serverVersion ? `, version ${m.target.serverVersion}` : ''})`);
  add('Model', (m) => {
    const details = modelDetailsText(m.target.modelDetails);
    return details ? `${m.target.model} (${details})` : m.target.model;
  });
  add('Levels', (m) => levelsText(m));
  add('Prompt', (m) => m.config.prompt);
  add('Max tokens', (m) => (m.config.maxTokens === undefined ? "server's default" : String(m.config.maxTokens)));
  add('Thinking', (m) => (m.config.think === undefined ? "server's default" : m.config.think ? 'on' : 'off'));
  add('Warm-up, cooldown', (m) => `${m.config.warmup ? 'one warm-up request (not counted)' : 'no warm-up'}, cooldown ${fixed(m.config.cooldownMs / 1000, 1)} s`);
  add('Timeouts', (m) => `request ${fixed(m.config.timeoutMs / 1000, 0)} s, idle ${fixed(m.config.idleTimeoutMs / 1000, 0)} s`);
  add('Host', (m) => `${m.host.os} ${m.host.osVersion} (${m.host.arch})`);
  add('CPU, RAM', (m) => `${m.host.cpuModel} × ${m.host.cpuCores} cores, ${gibibytes(m.host.ramBytes)} RAM`);
  add('GPU', (m) => gpuText(m));
  add('Telemetry', (m) => telemetryText(m));
  add('Tool', (m) => `${m.tool.name} ${m.tool.version}`);
  return { type: 'facts', rows, ...(names ? { headers: ['', ...names] } : {}) };
}

/** The plan in words: "1, 2, 4 (burst)", "0.5, 1, 2 requests/s (rate, poisson, seed 7, 60 s per level), 3 repeats". */
function levelsText(m: RunManifest): string {
  const c = m.config;
  const repeats = (c.repeats ?? 1) > 1 ? `, ${c.repeats} repeats` : '';
  const slo = c.slo ? `; goodput objectives ${describeSlo(c.slo)}` : '';
  const paced = [c.arrivals, c.seed === undefined ? null : `seed ${c.seed}`, c.maxConcurrency === undefined ? null : `≤ ${c.maxConcurrency} in flight`]
    .filter((x) => x !== null && x !== undefined)
    .join(', ');
  if (c.mode === 'rate') return `${(c.rates ?? []).map(rateText).join(', ')} requests/s (rate${paced ? `, ${paced}` : ''}${sustainedBy(m)})${repeats}${slo}`;
  if (c.mode === 'sweep') return `sweep: synchronous, max throughput, then up to 8 rates${paced ? ` (${paced}${sustainedBy(m)})` : ` (${sustainedBy(m).slice(2)})`}${repeats}${slo}`;
  return `${c.concurrency.join(', ')} (${c.mode}${c.mode === 'sustained' ? sustainedBy(m) : ''})${repeats}${slo}`;
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
  if (gpu.vramBytes !== undefined) parts.push(`${gibibytes(gpu.vramBytes)} VRAM`);
  return parts.join(', ');
}

function telemetryText(m: RunManifest): string {
  const entries = Object.entries(m.telemetry ?? {});
  if (entries.length === 0) return m.config.telemetry === 'none' ? 'off (--telemetry none)' : 'no status recorded';
  return entries
    .map(([name, s]) => `${name}: ${s.available ? `yes${s.source ? ` (${s.source})` : ''}${s.reason ? `, ${s.reason}` : ''}` : `no (${s.reason ?? 'not available'})`}`)
    .join('; ');
}

export function verdictBlocks(verdict: VerdictView): Block[] {
  return [
    { type: 'paragraph', tone: 'note', text: verdict.rule },
    { type: 'cards', cards: verdict.cards },
    { type: 'paragraph', tone: 'headline', text: verdict.headline },
    { type: 'table', caption: 'Each level against the thresholds', table: verdict.table },
  ];
}

/** Request rate and goodput per level, with what the columns mean; a sweep's note on where it stopped. */
export function loadBlocks(model: ReportModel): Block[] {
  const { view } = model;
  return [
    ...(model.levels.length > 0 ? [{ type: 'table', caption: 'Request rate and goodput per level', table: view.loadTable } as Block] : []),
    { type: 'paragraph', tone: 'note', text: view.loadLegend },
  ];
}

/** `--repeat N`: how the statistics are taken, then the table. */
export function repeatsBlocks(repeats: NonNullable<ReportModel['view']['repeats']>): Block[] {
  return [
    { type: 'paragraph', tone: 'note', text: repeats.legend },
    { type: 'table', caption: 'Each level over its repeats', table: repeats.table },
  ];
}

export function energyBlock(energy: EnergyView): Block {
  return energy.type === 'table' ? { type: 'table', caption: energy.caption, table: energy.table } : { type: 'paragraph', tone: 'note', text: energy.text };
}

export function sampleAnswerBlock(sample: SampleAnswer): Block {
  return sample.type === 'answer' ? sample : { type: 'paragraph', tone: 'note', text: sample.text };
}

export function definitionsBlock(): Block {
  return { type: 'definitions', items: DEFINITIONS.map((d) => ({ term: d.term, text: d.text })) };
}

export function warningBlocks(warnings: readonly string[]): Block[] {
  return [...new Set(warnings)].map((text) => ({ type: 'paragraph', tone: 'warning', text }));
}
