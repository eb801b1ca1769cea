// A labelled form field: the label is tied to its control (`htmlFor`/`id`) and the hint is the control's
// description (`aria-describedby`), so screen readers and getByLabel find every field by its label alone.
// Numbers are edited as text (see parse-fields.ts).
import { useId, type ReactNode } from 'react';

/** What the control inside a Field must carry. */
export interface FieldControlProps {
  id: string;
  'aria-describedby'?: string;
}

export function Field({ label, hint, children }: { label: string; hint?: string; children: (control: FieldControlProps) => ReactNode }) {
  const id = useId();
  const hintId = `${id}-hint`;
  return (
    <div className="field">
      <label className="field-label" htmlFor={id}>
        {label}
      </label>
      {children(hint ? { id, 'aria-describedby': hintId } : { id })}
      {hint ? (
        <span className="field-hint" id={hintId}>
          {hint}
        </span>
      ) : null}
    </div>
  );
}
