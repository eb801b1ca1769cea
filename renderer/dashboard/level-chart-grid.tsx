// Every per-level chart of the dashboard (docs/app.md § The dashboard), for one run or several on the same axes.
import { useMemo } from 'react';
import { ChartCard } from '../charts/chart-card.js';
import { DEF } from './definitions.js';
import { levelCharts, type NamedLevels } from './level-charts.js';

export function LevelChartGrid({ runs }: { runs: NamedLevels[] }) {
  const charts = useMemo(() => levelCharts(runs), [runs]);
  return (
    <div className="chart-grid">
      <ChartCard id="ttft" title="Wait: TTFT vs parallel requests" definition={DEF.ttft} spec={charts.ttft} />
      <ChartCard id="tokens-per-second" title="Speed: tokens/s per request" definition={DEF.tokensPerSecond} spec={charts.tokensPerSecond} />
      <ChartCard id="throughput" title="Aggregate throughput" definition={DEF.throughput} spec={charts.throughput} />
      <ChartCard id="duration" title="Request duration" definition={DEF.duration} spec={charts.duration} />
      <ChartCard id="combined" title="Speed × duration × wait" definition={DEF.combined} spec={charts.combined} />
      <ChartCard id="errors" title="Requests by outcome" definition={DEF.errors} spec={charts.errors} />
      <ChartCard id="output-tokens" title="Output tokens per request" definition={DEF.outputTokens} spec={charts.outputTokens} />
    </div>
  );
}
