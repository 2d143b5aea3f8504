import type { InputHTMLAttributes, ReactNode, Ref } from 'react';

/** A labelled input with its validation message right under it (engine issues are matched by path). */
export function Field(
  props: {
    label: string;
    error?: string | undefined;
    hint?: ReactNode;
    unit?: string;
    testId: string;
    className?: string;
    ref?: Ref<HTMLInputElement>;
  } & Omit<InputHTMLAttributes<HTMLInputElement>, 'className'>,
) {
  const { label, error, hint, unit, testId, className, id, ref, ...input } = props;
  const inputId = id ?? `f-${testId}`;
  return (
    <div className={`field ${error ? 'has-error' : ''} ${className ?? ''}`}>
      <label htmlFor={inputId}>{label}</label>
      <div className="field-input">
        <input
          id={inputId}
          ref={ref}
          data-testid={testId}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? `${inputId}-err` : undefined}
          spellCheck={false}
          autoComplete="off"
          {...input}
        />
        {unit ? <span className="unit">{unit}</span> : null}
      </div>
      {error ? (
        <div className="field-error" id={`${inputId}-err`} data-testid={`${testId}-error`} role="alert">
          {error}
        </div>
      ) : hint ? (
        <div className="field-hint">{hint}</div>
      ) : null}
    </div>
  );
}
