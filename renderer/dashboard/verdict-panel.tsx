// The verdict main/metrics/verdict.ts computed: the largest concurrency meeting each threshold and both.
import type { ParallelismFinding } from '../../common/findings.js';
import type { Verdict } from '../../common/findings.js';
import { fixed, seconds } from '../format.js';

const level = (c: number | null) => (c === null ? 'none of the tested levels' : `${c} parallel`);

export function VerdictPanel({ verdict, parallelism }: { verdict: Verdict | undefined; parallelism: ParallelismFinding | undefined }) {
  return (
    <section className="card verdict" aria-label="Verdict">
      <h3>Verdict</h3>
      {verdict === undefined ? (
        <p className="empty">No verdict for this run (the back end did not provide one).</p>
      ) : (
        <>
          <p className="definition">
            Thresholds: wait (TTFT p95) ≤ {seconds(verdict.thresholds.maxWaitMs, 1)} s, speed (tokens/s p5, the slow tail) ≥{' '}
            {fixed(verdict.thresholds.minTokensPerSecond, 1)} tokens/s. A level with errors meets neither; a level counts only if every
            smaller level met it too.
          </p>
          <dl className="verdict-grid">
            <dt>Wait ok up to</dt>
            <dd data-verdict="wait">{level(verdict.maxConcurrencyForWait)}</dd>
            <dt>Speed ok up to</dt>
            <dd data-verdict="speed">{level(verdict.maxConcurrencyForSpeed)}</dd>
            <dt>Both up to</dt>
            <dd data-verdict="both" className="verdict-both">
              {level(verdict.maxConcurrencyForBoth)}
            </dd>
            <dt>Energy there</dt>
            <dd>
              {verdict.energyAtBoth
                ? `${fixed(verdict.energyAtBoth.joulesPerToken, 3)} J/token (${fixed(verdict.energyAtBoth.watts, 1)} W, ${verdict.energyAtBoth.source})`
                : 'no power samples'}
            </dd>
            <dt>Most efficient</dt>
            <dd>
              {verdict.mostEfficient
                ? `${verdict.mostEfficient.concurrency} parallel: ${fixed(verdict.mostEfficient.joulesPerToken, 3)} J/token`
                : '—'}
            </dd>
          </dl>
        </>
      )}
      {parallelism ? (
        <p className="parallelism" data-parallelism={parallelism.slots ?? ''}>
          Effective parallelism: {parallelism.slots === null ? 'unknown' : `${parallelism.atLeast ? '≥ ' : ''}${parallelism.slots}`} —{' '}
          {parallelism.summary}
        </p>
      ) : null}
    </section>
  );
}
