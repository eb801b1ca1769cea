// Distinct series colours, readable on the light card background.
const COLORS = ['#2563eb', '#dc2626', '#059669', '#d97706', '#7c3aed', '#0891b2', '#db2777', '#4b5563', '#65a30d', '#9333ea'];

export function seriesColor(index: number): string {
  return COLORS[index % COLORS.length];
}
