import type { Ui } from '../../src/web/ui.js';

/** The "TEST MODE" label: wherever the built-in test gateway appears, so nobody mistakes it for money. */
export function TestModeBadge(props: { ui: Ui }) {
  return <strong class="badge badge-test-mode">{props.ui.t('pay:test_mode')}</strong>;
}

/** A banner explaining test mode: no money moves, payments are recorded as tests. */
export function TestModeBanner(props: { ui: Ui }) {
  return (
    <p class="flash flash-info test-mode-banner" role="note">
      <TestModeBadge ui={props.ui} /> {props.ui.t('pay:test_mode_note')}
    </p>
  );
}
