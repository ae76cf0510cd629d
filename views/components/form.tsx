import type { Child } from 'hono/jsx';
import type { Ui } from '../../src/web/ui.js';

/** Field errors keyed by field name; values are translation keys. */
export type FieldErrors = Record<string, string>;

/** A labelled input with its error message tied by aria-describedby. */
export function Field(props: {
  ui: Ui;
  name: string;
  label: string;
  value?: string | number | null;
  errors?: FieldErrors;
  type?: string;
  required?: boolean;
  hint?: string;
  autocomplete?: string;
  inputmode?: 'decimal' | 'email' | 'numeric' | 'search' | 'tel' | 'text' | 'url';
  step?: string;
  maxlength?: number;
}) {
  const id = `f-${props.name.replace(/[^\w-]/g, '-')}`;
  const error = props.errors?.[props.name];
  const described = [error ? `${id}-error` : null, props.hint ? `${id}-hint` : null].filter(Boolean).join(' ') || undefined;
  return (
    <div class={error ? 'field has-error' : 'field'}>
      <label for={id}>
        {props.label}
        {props.required ? <span aria-hidden="true"> *</span> : null}
      </label>
      <input
        id={id}
        name={props.name}
        type={props.type ?? 'text'}
        value={props.value ?? ''}
        required={props.required}
        aria-invalid={error ? 'true' : undefined}
        aria-describedby={described}
        autocomplete={props.autocomplete}
        inputmode={props.inputmode}
        step={props.step}
        maxlength={props.maxlength}
      />
      {props.hint ? <p class="hint" id={`${id}-hint`}>{props.hint}</p> : null}
      {error ? <p class="error" id={`${id}-error`}>{props.ui.t(error)}</p> : null}
    </div>
  );
}

/** A labelled select. */
export function Select(props: {
  ui: Ui;
  name: string;
  label: string;
  value?: string | number | null;
  options: Array<{ value: string | number; label: string }>;
  errors?: FieldErrors;
  required?: boolean;
  empty?: string;
}) {
  const id = `f-${props.name.replace(/[^\w-]/g, '-')}`;
  const error = props.errors?.[props.name];
  return (
    <div class={error ? 'field has-error' : 'field'}>
      <label for={id}>{props.label}</label>
      <select id={id} name={props.name} required={props.required} aria-invalid={error ? 'true' : undefined} aria-describedby={error ? `${id}-error` : undefined}>
        {props.empty !== undefined ? <option value="">{props.empty}</option> : null}
        {props.options.map((o) => (
          <option value={String(o.value)} selected={String(o.value) === String(props.value ?? '')}>{o.label}</option>
        ))}
      </select>
      {error ? <p class="error" id={`${id}-error`}>{props.ui.t(error)}</p> : null}
    </div>
  );
}

/** A labelled textarea. */
export function TextArea(props: { ui: Ui; name: string; label: string; value?: string | null; errors?: FieldErrors; rows?: number; maxlength?: number }) {
  const id = `f-${props.name.replace(/[^\w-]/g, '-')}`;
  const error = props.errors?.[props.name];
  return (
    <div class={error ? 'field has-error' : 'field'}>
      <label for={id}>{props.label}</label>
      <textarea id={id} name={props.name} rows={props.rows ?? 3} maxlength={props.maxlength} aria-invalid={error ? 'true' : undefined} aria-describedby={error ? `${id}-error` : undefined}>
        {props.value ?? ''}
      </textarea>
      {error ? <p class="error" id={`${id}-error`}>{props.ui.t(error)}</p> : null}
    </div>
  );
}

/** A summary of the errors at the top of a form, announced to screen readers. */
export function ErrorSummary(props: { ui: Ui; errors?: FieldErrors; message?: string | null }) {
  const count = props.errors ? Object.keys(props.errors).length : 0;
  if (!count && !props.message) return null;
  return (
    <div class="error-summary" role="alert">
      <p>{props.message ? props.ui.t(props.message) : props.ui.t('validation:summary', { count })}</p>
    </div>
  );
}

/** A POST form with the htmx attributes on a real <form method action>. */
export function PostForm(props: { action: string; children: Child; class?: string; confirm?: string }) {
  return (
    <form method="post" action={props.action} class={props.class} data-confirm={props.confirm}>
      {props.children}
    </form>
  );
}
