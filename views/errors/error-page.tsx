import type { Ui } from '../../src/web/ui.js';
import { Base } from '../layouts/base.js';

/** A plain error page (404, 500) that says what happened and where to go. */
export function ErrorPage(props: { ui: Ui; title: string; message: string }) {
  return (
    <Base ui={props.ui} title={props.title} bodyClass="auth">
      <main id="main" class="auth-card">
        <h1>{props.title}</h1>
        <p>{props.message}</p>
        <p><a href="/">{props.ui.t('common:nav.home')}</a></p>
      </main>
    </Base>
  );
}
