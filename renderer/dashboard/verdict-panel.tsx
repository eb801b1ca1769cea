// The verdict panel of the run's report model (common/report/verdict-view.ts): the same cards, sentence and
// table the HTML and Markdown reports show.
import { Fragment } from 'react';
import type { ParallelismFinding } from '../../common/findings.js';
import type { VerdictView } from '../../common/report/verdict-view.js';
import { DataTable } from '../charts/data-table.js';

export function VerdictPanel({ verdict, parallelism }: { verdict: VerdictView; parallelism: ParallelismFinding }) {
  return (
    <section className="card verdict" aria-label="Verdict">
      <h3>Verdict</h3>
      <p className="definition">{verdict.rule}</p>
      <dl className="verdict-grid">
        {verdict.cards.map((card) => (
          <Fragment key={card.id}>
            <dt>{card.label}</dt>
            <dd className={card.id === 'both' ? 'verdict-both' : undefined}>
              <span data-verdict={card.id}>{card.value}</span>
              <div className="muted small" style={{ fontWeight: 'normal' }}>
                {card.detail}
              </div>
            </dd>
          </Fragment>
        ))}
      </dl>
      <p className="parallelism" data-parallelism={parallelism.slots ?? ''}>
        {verdict.headline}
      </p>
      <DataTable table={verdict.table} caption="Each level against the thresholds" />
    </section>
  );
}
