// The dashboard's chart.js adapter: a ChartSpec (common/charts/chart-model.ts, the one the HTML report's
// script draws too) in, a canvas out. The chart is created once and updated in place
// (no animation) so live views can redraw several times a second without rebuilding it.
import {
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  Tooltip,
  type ChartConfiguration,
  type ChartDataset,
} from 'chart.js';
import { useEffect, useRef } from 'react';
import type { AxisSpec, ChartSpec } from '../../common/charts/chart-model.js';
import { bandPlugin } from './band-plugin.js';
import { intervalMax, intervalPlugin } from './interval-plugin.js';
import { cancelFrameWork, queueFrameWork } from './frame-queue.js';

Chart.register(BarController, BarElement, CategoryScale, Legend, LinearScale, LineController, LineElement, PointElement, Tooltip);

type AnyDataset = ChartDataset<'line' | 'bar', ChartSpec['series'][number]['data']>;

function datasets(spec: ChartSpec): AnyDataset[] {
  const bar = spec.kind === 'bar';
  return spec.series.map(
    (s) =>
      ({
        type: spec.kind,
        label: s.label,
        data: s.data,
        yAxisID: s.axis ?? 'y',
        borderColor: s.color,
        backgroundColor: bar ? `${s.color}${s.dashed ? '80' : 'cc'}` : s.color,
        borderWidth: bar ? (s.dashed ? 2 : 0) : 2,
        borderDash: !bar && s.dashed ? [6, 4] : undefined,
        showLine: !s.scatter,
        pointStyle: s.scatter ? 'rect' : 'circle',
        // Scriptable, so a live line that grows past 60 points loses its dots without a rebuild.
        pointRadius: s.scatter ? 1.5 : (ctx: { dataset: { data: unknown[] } }) => (ctx.dataset.data.length > 60 ? 0 : 3),
        spanGaps: false,
        stack: s.stack,
        intervals: s.intervals,
      }) as AnyDataset,
  );
}

function axis(spec: AxisSpec, stacked: boolean | undefined, suggestedMax?: number) {
  return { title: { display: true, text: spec.title }, min: spec.min, max: spec.max, suggestedMax, stacked };
}

function options(spec: ChartSpec): ChartConfiguration['options'] {
  const category = spec.x.type === 'category';
  return {
    animation: false,
    responsive: true,
    maintainAspectRatio: false,
    parsing: category ? undefined : false,
    normalized: true,
    interaction: { mode: 'nearest', intersect: false },
    plugins: { legend: { position: 'bottom', labels: { boxWidth: 12 } } },
    scales: {
      x: { type: spec.x.type, ...axis(spec.x, spec.stacked) },
      y: { type: 'linear', ...axis(spec.y, spec.stacked, intervalMax(spec, 'y')) },
      ...(spec.y2 ? { y2: { type: 'linear' as const, position: 'right' as const, ...axis(spec.y2, false, intervalMax(spec, 'y2')), grid: { drawOnChartArea: false } } } : {}),
    },
  };
}

/** Everything but the data: series names and styles, axes. */
function shapeOf(spec: ChartSpec): string {
  return JSON.stringify([spec.kind, spec.x.type, spec.x.title, spec.y, spec.y2, spec.stacked, spec.series.map((s) => [s.label, s.color, s.axis, s.scatter, s.dashed, s.stack])]);
}

export function ChartCanvas({ spec, height = 240, label }: { spec: ChartSpec; height?: number; label: string }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const chart = useRef<Chart | null>(null);
  const current = useRef(spec);
  current.current = spec;

  useEffect(() => {
    if (canvas.current === null) return;
    chart.current = new Chart(canvas.current, {
      type: spec.kind,
      data: { labels: spec.x.labels, datasets: datasets(spec) },
      options: options(spec),
      plugins: [bandPlugin(() => current.current.bands), intervalPlugin()],
    } as ChartConfiguration);
    return () => {
      if (chart.current) cancelFrameWork(chart.current);
      chart.current?.destroy();
      chart.current = null;
    };
    // Created once; later specs update it below.
  }, []);

  // Live charts change several times a second: swap the data in place, and rebuild scales and options
  // only when the chart's shape (series, axes) changed.
  const shape = useRef(shapeOf(spec));
  useEffect(() => {
    const c = chart.current;
    if (c === null) return;
    queueFrameWork(c, () => {
      const nextShape = shapeOf(spec);
      c.data.labels = spec.x.labels;
      if (nextShape === shape.current && c.data.datasets.length === spec.series.length) {
        spec.series.forEach((s, i) => {
          c.data.datasets[i].data = s.data as never[];
          (c.data.datasets[i] as { intervals?: unknown }).intervals = s.intervals;
        });
      } else {
        c.data.datasets = datasets(spec) as Chart['data']['datasets'];
        c.options = options(spec) as Chart['options'];
        shape.current = nextShape;
      }
      c.update('none');
    });
  }, [spec]);

  return (
    <div className="chart-box" style={{ height }}>
      <canvas ref={canvas} role="img" aria-label={label} />
    </div>
  );
}
