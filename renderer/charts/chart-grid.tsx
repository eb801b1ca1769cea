// Chart blocks side by side, in the order given.
import type { ChartBlock } from '../../common/charts/chart-model.js';
import { ChartCard } from './chart-card.js';

export function ChartGrid({ blocks }: { blocks: readonly ChartBlock[] }) {
  return (
    <div className="chart-grid">
      {blocks.map((block) => (
        <ChartCard key={block.id} block={block} />
      ))}
    </div>
  );
}
