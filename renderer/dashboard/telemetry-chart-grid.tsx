import { useMemo } from 'react';
import type { RunDetail } from '../../common/api.js';
import { ChartCard } from '../charts/chart-card.js';
import { DEF } from './definitions.js';
import { telemetryCharts } from './telemetry-charts.js';

/** Why a telemetry chart is empty, as the run recorded it (docs/telemetry.md: readers show the reason). */
function missingReason(detail: RunDetail, source: 'gpu' | 'process'): string {
  const status = detail.manifest.telemetry?.[source];
  if (status && !status.available) return `Not available: ${status.reason ?? 'no reason recorded'}.`;
  return 'No samples recorded.';
}

export function TelemetryChartGrid({ detail }: { detail: RunDetail }) {
  const origin = Date.parse(detail.manifest.startedAt);
  const charts = useMemo(() => telemetryCharts(detail.telemetry, detail.levels, origin), [detail, origin]);
  const gpuEmpty = detail.telemetry.gpu.length === 0 ? missingReason(detail, 'gpu') : null;
  const procEmpty = detail.telemetry.process.length === 0 ? missingReason(detail, 'process') : null;
  return (
    <div className="chart-grid">
      <ChartCard id="gpu" title="GPU power and usage" definition={DEF.gpu} spec={charts.gpu} empty={gpuEmpty} />
      <ChartCard id="gpu-frequency" title="GPU frequency" definition={DEF.gpuFreq} spec={charts.gpuFreq} empty={gpuEmpty} />
      <ChartCard id="process-cpu" title="Server process CPU" definition={DEF.processCpu} spec={charts.processCpu} empty={procEmpty} />
      <ChartCard id="process-ram" title="Server process memory" definition={DEF.processRam} spec={charts.processRam} empty={procEmpty} />
      <ChartCard id="process-handles" title="Server process threads and FDs" definition={DEF.processHandles} spec={charts.processHandles} empty={procEmpty} />
    </div>
  );
}
