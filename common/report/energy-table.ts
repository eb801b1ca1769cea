// The energy of each level, as every report and the dashboard show it.
import type { TableData } from '../charts/chart-model.js';
import { fixed, MISSING } from '../format.js';
import { levelColumns } from '../levels.js';
import type { LevelSummary } from '../results.js';
import type { TelemetrySourceStatus } from '../run-manifest.js';

/** The table, or a note saying why there is none. */
export type EnergyView = { type: 'table'; caption: string; table: TableData } | { type: 'note'; text: string };

/**
 * One row per level, as plain text cells: a level without power samples shows MISSING, never 0 J. The
 * sampler's name (last column) is the only text from outside; Markdown escapes it.
 */
function energyTable(levels: readonly LevelSummary[]): TableData {
  const lead = levelColumns(levels);
  return {
    headers: [...lead.headers, 'GPU energy (J)', 'Avg GPU power (W)', 'J/token', 'Tokens/J', 'CPU+GPU+ANE J/token', 'Samples', 'Source'],
    rows: levels.map((l) => {
      const e = l.energy;
      return [
        ...lead.cells(l),
        fixed(e?.joules, 1),
        fixed(e?.watts, 1),
        fixed(e?.joulesPerToken, 3),
        fixed(e?.tokensPerJoule, 2),
        fixed(e?.combinedJoulesPerToken, 3),
        e ? String(e.samples) : MISSING,
        e ? e.source : MISSING,
      ];
    }),
  };
}

/** The table when any level has energy; otherwise why not, with the GPU sampler's own reason when run.json has one. */
export function energyView(levels: readonly LevelSummary[], gpu: TelemetrySourceStatus | undefined): EnergyView {
  if (levels.some((l) => l.energy)) return { type: 'table', caption: 'GPU energy per level', table: energyTable(levels) };
  const reason = gpu && !gpu.available && gpu.reason ? `no GPU power samples (${gpu.reason})` : 'no GPU power samples cover the levels of this run';
  return { type: 'note', text: `No energy figures: ${reason}.` };
}
