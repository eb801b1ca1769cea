// Enforces the allowed direction of imports between layers (test/architecture/layer-rules.ts) on every
// source file under common/, main/, preload/ and renderer/.
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { importEdges, layerOf, layerViolations, type ImportEdge } from './layer-rules.js';

const root = fileURLToPath(new URL('../..', import.meta.url));

/**
 * Imports that break the rules today, in areas other branches are reworking. Each entry is removed
 * once its fix is merged: the test fails for an entry that no longer happens, so the list only shrinks.
 */
const KNOWN: readonly ImportEdge[] = [];

const key = (e: ImportEdge): string => `${e.from} → ${e.to}`;

describe('layers', () => {
  const edges = importEdges(root);

  it('reads the imports of the whole tree', () => {
    // Sanity: a scan that found nothing would pass every rule.
    expect(edges.length).toBeGreaterThan(500);
    expect(edges).toContainEqual({ from: 'main/run/run-session.ts', to: 'main/engine/run-benchmark.ts' });
    expect(edges).toContainEqual({ from: 'preload/preload.ts', to: 'main/app/preload-api.ts' });
  });

  it('every import goes the allowed way, but for the known list', () => {
    const found = layerViolations(edges).map(key).sort();
    expect(found).toEqual(KNOWN.map(key).sort());
  });

  it('flags what the rules forbid', () => {
    expect(
      layerViolations([
        { from: 'common/api.ts', to: 'main/app/service.ts' },
        { from: 'main/telemetry/session.ts', to: 'main/store/run-writer.ts' },
        { from: 'main/engine/run-benchmark.ts', to: 'main/run/run-session.ts' },
        { from: 'main/metrics/stats.ts', to: 'main/metrics/record.ts' },
        { from: 'main/store/run-reader.ts', to: 'main/metrics/level-summary.ts' },
        { from: 'renderer/app/app.tsx', to: 'main/app/preload-api.ts' },
        { from: 'preload/preload.ts', to: 'main/app/preload-api.ts' },
        { from: 'main/serve/index.ts', to: 'main/cli/main.ts' },
        { from: 'main/cli/ui-command.ts', to: 'main/app/service.ts' },
        { from: 'bench/engine.ts', to: 'test/support/scripted-server.ts' },
      ]).map(key),
    ).toEqual([
      'common/api.ts → main/app/service.ts',
      'main/telemetry/session.ts → main/store/run-writer.ts',
      'main/engine/run-benchmark.ts → main/run/run-session.ts',
      'renderer/app/app.tsx → main/app/preload-api.ts',
      'main/serve/index.ts → main/cli/main.ts',
    ]);
    expect(layerOf('main/telemetry/gpu/apple/powermetrics.ts')).toBe('telemetry');
    expect(layerOf('test/run/eta.test.ts')).toBeNull();
  });
});
