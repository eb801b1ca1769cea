// Draws each dataset's intervals (ChartSpec series `intervals`: a 95 % confidence interval per point) as
// error bars over its points — the same drawing as the HTML report's script (main/report/html/client-script.ts).
import type { Chart, Plugin } from 'chart.js';
import type { ChartSpec } from '../../common/charts/chart-model.js';

type Interval = { low: number; high: number } | null;

export function intervalPlugin(): Plugin {
  return {
    id: 'intervals',
    afterDatasetsDraw(chart: Chart) {
      const { ctx } = chart;
      chart.data.datasets.forEach((dataset, index) => {
        const intervals = (dataset as { intervals?: Interval[] }).intervals;
        if (!intervals || !chart.isDatasetVisible(index)) return;
        const meta = chart.getDatasetMeta(index);
        const y = chart.scales[(dataset as { yAxisID?: string }).yAxisID ?? 'y'];
        if (y === undefined) return;
        ctx.save();
        ctx.strokeStyle = String(dataset.borderColor);
        ctx.lineWidth = 1.5;
        intervals.forEach((interval, i) => {
          const point = meta.data[i];
          if (!interval || !point) return;
          const top = y.getPixelForValue(interval.high);
          const bottom = y.getPixelForValue(interval.low);
          ctx.beginPath();
          ctx.moveTo(point.x, top);
          ctx.lineTo(point.x, bottom);
          ctx.moveTo(point.x - 4, top);
          ctx.lineTo(point.x + 4, top);
          ctx.moveTo(point.x - 4, bottom);
          ctx.lineTo(point.x + 4, bottom);
          ctx.stroke();
        });
        ctx.restore();
      });
    },
  };
}

/** The highest interval end of the series on `axis`, so an error bar is never cut by the axis' range; undefined without one. */
export function intervalMax(spec: ChartSpec, axis: 'y' | 'y2'): number | undefined {
  let max: number | undefined;
  for (const s of spec.series) {
    if (!s.intervals || (s.axis ?? 'y') !== axis) continue;
    for (const interval of s.intervals) if (interval && (max === undefined || interval.high > max)) max = interval.high;
  }
  return max;
}
