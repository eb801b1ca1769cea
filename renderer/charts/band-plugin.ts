// Shades each level's time window behind a time chart (in the band's own colour) and writes its concurrency on top.
import type { Chart, Plugin } from 'chart.js';
import type { Band } from '../../common/charts/chart-model.js';

export function bandPlugin(getBands: () => Band[] | undefined): Plugin {
  return {
    id: 'levelBands',
    beforeDatasetsDraw(chart: Chart) {
      const bands = getBands();
      const x = chart.scales.x;
      if (!bands || bands.length === 0 || x === undefined) return;
      const { ctx, chartArea } = chart;
      ctx.save();
      for (const band of bands) {
        const left = Math.max(chartArea.left, x.getPixelForValue(band.from));
        const right = Math.min(chartArea.right, x.getPixelForValue(band.to));
        if (right <= left) continue;
        ctx.fillStyle = band.color;
        ctx.fillRect(left, chartArea.top, right - left, chartArea.bottom - chartArea.top);
        ctx.fillStyle = '#6b7280';
        ctx.font = '10px system-ui, sans-serif';
        ctx.fillText(band.label, left + 3, chartArea.top + 11);
      }
      ctx.restore();
    },
  };
}
