import type { DisplayStatus } from '../../src/documents/kinds.js';
import type { PortalView } from '../../src/portal/context.js';
import { mayAct } from '../../src/portal-access/visibility.js';
import type { Ui } from '../../src/web/ui.js';
import { Flash, type FlashMessage } from '../components/flash.js';
import { ErrorSummary, TextArea, type FieldErrors } from '../components/form.js';
import { PortalLayout } from '../layouts/portal.js';

/** Longest comment or reason a client may write (the same limit respondToEstimate enforces). */
export const MAX_RESPONSE_TEXT = 1000;

// After POST → 303 → GET the estimate page says what happened through `?done=<code>`; a Map so
// `?done=toString` finds nothing.
const DONE = new Map<string, FlashMessage>([
  ['accepted', { kind: 'success', key: 'portal_home:estimate.flash_accepted' }],
  ['rejected', { kind: 'success', key: 'portal_home:estimate.flash_rejected' }],
]);

/** The success message for an estimate page's `?done=` code, or null. */
export function estimateResponseFlash(done: string | null | undefined): FlashMessage | null {
  return DONE.get(done ?? '') ?? null;
}

/** What a re-rendered response form shows: what was typed and why it was refused. */
export interface EstimateResponseState {
  comment?: string;
  reason?: string;
  errors?: FieldErrors;
  /** A refusal that is not about a field (translation key). */
  message?: string | null;
}

/**
 * The accept/reject forms of a portal estimate page. Rendered only while the estimate is `sent`
 * (not expired) and the member may approve estimates; disabled in a staff preview. Pass `done`
 * (the page's `?done=` query value) to show the success message after responding.
 */
export function EstimateResponse(props: {
  ui: Ui;
  portal: PortalView;
  estimate: { id: number; status: DisplayStatus };
  done?: string | null;
  state?: EstimateResponseState;
}) {
  const { t } = props.ui;
  const p = props.portal;
  const flash = estimateResponseFlash(props.done);
  const s = props.state ?? {};
  const open = props.estimate.status === 'sent' && mayAct(p.access, p.settings, 'approve_estimates');
  if (!open) return flash ? <Flash ui={props.ui} message={flash} /> : null;
  const disabled = p.preview ? true : undefined;
  const action = `${p.base}/estimates/${props.estimate.id}`;
  return (
    <section class="estimate-response" aria-labelledby="estimate-response-h" id="estimate-response">
      {flash ? <Flash ui={props.ui} message={flash} /> : null}
      <h2 id="estimate-response-h">{t('portal_home:estimate.respond_title')}</h2>
      <ErrorSummary ui={props.ui} errors={s.errors} message={s.message ?? null} />
      {p.preview ? <p class="hint">{t('portal_home:estimate.preview_disabled')}</p> : null}
      <div class="response-forms">
        <form method="post" action={`${action}/accept`} class="response-accept">
          <fieldset disabled={disabled} class="plain">
            <TextArea ui={props.ui} name="comment" label={t('portal_home:estimate.comment_label')} value={s.comment ?? ''} errors={s.errors} maxlength={MAX_RESPONSE_TEXT} />
            <p class="hint">{t('portal_home:estimate.comment_hint')}</p>
            <button type="submit" class="primary">{t('portal_home:estimate.accept')}</button>
          </fieldset>
        </form>
        <form method="post" action={`${action}/reject`} class="response-reject">
          <fieldset disabled={disabled} class="plain">
            <TextArea ui={props.ui} name="reason" label={t('portal_home:estimate.reason_label')} value={s.reason ?? ''} errors={s.errors} maxlength={MAX_RESPONSE_TEXT} />
            <p class="hint">{t('portal_home:estimate.reason_hint')}</p>
            <button type="submit" class="secondary">{t('portal_home:estimate.reject')}</button>
          </fieldset>
        </form>
      </div>
    </section>
  );
}

/**
 * What a refused answer shows (409 answered/expired, 422 too long): the reason, the forms again
 * with what was typed when they still apply, and the way back to the estimate.
 */
export function EstimateAnswerPage(props: {
  ui: Ui;
  portal: PortalView;
  estimate: { id: number; number: string; status: DisplayStatus };
  state: EstimateResponseState;
}) {
  const { t } = props.ui;
  const p = props.portal;
  return (
    <PortalLayout ui={props.ui} portal={p} title={t('portal_home:estimate.page_title', { number: props.estimate.number })} section="estimates">
      <h1>{t('portal_home:estimate.page_title', { number: props.estimate.number })}</h1>
      {props.estimate.status === 'sent' ? null : <ErrorSummary ui={props.ui} message={props.state.message ?? null} />}
      <EstimateResponse ui={props.ui} portal={p} estimate={props.estimate} state={props.state} />
      <p><a href={`${p.base}/estimates/${props.estimate.id}`}>{t('portal_home:estimate.back')}</a></p>
    </PortalLayout>
  );
}
