import type { Ui } from '../../src/web/ui.js';

/** A one-off message shown after an action (key of a translation and its values). */
export interface FlashMessage { kind: 'success' | 'error' | 'info'; key: string; values?: Record<string, string | number> }

/** Renders a flash message. */
export function Flash(props: { message: FlashMessage; ui: Ui }) {
  return (
    <p class={`flash flash-${props.message.kind}`} role={props.message.kind === 'error' ? 'alert' : 'status'}>
      {props.ui.t(props.message.key, props.message.values ?? {})}
    </p>
  );
}
