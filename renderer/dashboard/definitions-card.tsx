// Every metric definition, in the words of every report (common/definitions.ts).
import { DEFINITIONS } from '../../common/definitions.js';

export function DefinitionsCard() {
  return (
    <section className="card" aria-label="Definitions">
      <h3>Definitions</h3>
      <dl className="facts">
        {DEFINITIONS.map((d) => (
          <div key={d.term} className="fact-pair">
            <dt>{d.term}</dt>
            <dd>{d.text}</dd>
          </div>
        ))}
      </dl>
    </section>
  );
}
