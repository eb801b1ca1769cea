// The one palette of every chart, on screen and in reports: distinct hues readable on a white background.
// Charts take colours from here only; the chart.js adapters draw what the spec says.
export const PALETTE = ['#2563eb', '#dc2626', '#059669', '#d97706', '#7c3aed', '#0891b2', '#db2777', '#4b5563', '#65a30d', '#9333ea'] as const;

/** The n-th distinct colour, wrapping around. */
export function seriesColor(index: number): string {
  return PALETTE[index % PALETTE.length];
}

/** What each statistic is drawn in, the same on every per-level chart (mean is always the first colour). */
export const STAT_COLORS = {
  mean: PALETTE[0],
  tail: PALETTE[3],
  worst: PALETTE[1],
  min: PALETTE[2],
  max: PALETTE[4],
  /** The combined chart's right-axis lines. */
  duration: PALETTE[4],
  wait: PALETTE[1],
} as const;

/** Level windows shaded behind time charts, alternating so neighbours stay apart. */
const BAND_COLORS = ['rgba(37, 99, 235, 0.08)', 'rgba(217, 119, 6, 0.10)'] as const;

export function bandColor(index: number): string {
  return BAND_COLORS[index % BAND_COLORS.length];
}
