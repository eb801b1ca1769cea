// The one chart.js wrapper: a ChartSpec in, a canvas out. The chart is created once and updated in place
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
import { bandPlugin } from './band-plugin.js';
import { cancelFrameWork, queueFrameWork } from './frame-queue.js';
import type { ChartSpec } from './chart-types.js';
import { seriesColor } from './palette.js';

Chart.register(BarController, BarElement, CategoryScale, Legend, LinearScale, LineController, LineElement, PointElement, Tooltip);

type AnyDataset = ChartDataset<'line' | 'bar', Array<number | null | { x: number; y: number | null }>>;

function datasets(spec: ChartSpec): AnyDataset[] {
  return spec.series.map((s, i) => {
    const color = seriesColor(i);
    const data = s.values ?? s.points ?? [];
    return {
      type: spec.kind,
      label: s.label,
      data,
      yAxisID: s.right ? 'y2' : 'y',
      borderColor: color,
      backgroundColor: spec.kind === 'bar' ? `${color}cc` : color,
      borderWidth: spec.kind === 'bar' ? 0 : 2,
      borderDash: s.dashed ? [6, 4] : undefined,
      showLine: !s.scatter,
      pointStyle: s.scatter ? 'rect' : 'circle',
      // Scriptable, so a live line that grows past 60 points loses its dots without a rebuild.
      pointRadius: s.scatter ? 1.5 : (ctx: { dataset: { data: unknown[] } }) => (ctx.dataset.data.length > 60 ? 0 : 3),
      spanGaps: false,
      stack: s.stack,
    } as AnyDataset;
  });
}

function options(spec: ChartSpec): ChartConfiguration['options'] {
  const hasRight = spec.series.some((s) => s.right);
  const title = (text: string | undefined) => ({ display: text !== undefined, text: text ?? '' });
  return {
    animation: false,
    responsive: true,
    maintainAspectRatio: false,
    parsing: spec.labels ? undefined : false,
    normalized: true,
    interaction: { mode: 'nearest', intersect: false },
    plugins: { legend: { position: 'bottom', labels: { boxWidth: 12 } } },
    scales: {
      x: {
        type: spec.labels ? 'category' : 'linear',
        // Numeric x here is always a count or seconds since a start: the axis starts at 0.
        ...(spec.labels ? {} : { beginAtZero: true }),
        title: title(spec.xTitle),
        stacked: spec.stacked,
      },
      y: { type: 'linear', beginAtZero: true, title: title(spec.yTitle), stacked: spec.stacked },
      ...(hasRight
        ? { y2: { type: 'linear' as const, position: 'right' as const, beginAtZero: true, title: title(spec.y2Title), grid: { drawOnChartArea: false } } }
        : {}),
    },
  };
}

/** Everything but the data: series names and styles, axes. */
function shapeOf(spec: ChartSpec): string {
  return JSON.stringify([spec.kind, spec.xTitle, spec.yTitle, spec.y2Title, spec.stacked, spec.series.map((s) => [s.label, s.right, s.scatter, s.dashed, s.stack])]);
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
      data: { labels: spec.labels, datasets: datasets(spec) },
      options: options(spec),
      plugins: [bandPlugin(() => current.current.bands)],
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
      c.data.labels = spec.labels;
      if (nextShape === shape.current && c.data.datasets.length === spec.series.length) {
        spec.series.forEach((s, i) => {
          c.data.datasets[i].data = (s.values ?? s.points ?? []) as never[];
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
