import type { DocumentMailPanel } from '../../src/document-mail/service.js';
import type { MailStatus } from '../../src/mail/outbox.js';
import type { Ui } from '../../src/web/ui.js';
import { PostForm } from '../components/form.js';

/** The state of one email as staff read it. */
function MailState(props: { ui: Ui; mail: MailStatus }) {
  const { ui, mail } = props;
  const { t } = ui;
  if (mail.status === 'failed') {
    return (
      <>
        <span class="badge badge-mail-failed">{t('document_mail:status.failed')}</span>
        {mail.last_error ? <span class="mail-reason"> {t('document_mail:status.reason', { reason: mail.last_error })}</span> : null}
      </>
    );
  }
  if (mail.status === 'sent') {
    return (
      <>
        <span class="badge badge-mail-sent">{t('document_mail:status.sent')}</span> <span class="hint">{ui.dateTime(mail.sent_at)}</span>
        {mail.opened_at ? (
          <> <span class="badge badge-mail-opened">{t('document_mail:status.opened')}</span> <span class="hint">{ui.dateTime(mail.opened_at)}</span></>
        ) : (
          <> <span class="hint">{t('document_mail:status.not_opened')}</span></>
        )}
      </>
    );
  }
  // Queued or being sent; a queued mail with an error is waiting for its next try.
  return (
    <>
      <span class="badge badge-mail-queued">{t('document_mail:status.queued')}</span>
      {mail.last_error ? <span class="mail-reason"> {t('document_mail:status.retrying', { reason: mail.last_error, when: ui.dateTime(mail.next_attempt_at) })}</span> : null}
    </>
  );
}

/** Every email of a document or statement with its delivery state, and why "not opened" proves nothing. */
export function MailList(props: { ui: Ui; mails: MailStatus[] }) {
  const { ui } = props;
  const { t } = ui;
  if (props.mails.length === 0) return <p class="empty">{t('document_mail:status.none')}</p>;
  const h = { to: t('document_mail:status.to'), subject: t('document_mail:status.subject'), queued: t('document_mail:status.queued_at'), state: t('document_mail:status.state') };
  return (
    <>
      <table class="responsive mail-list">
        <thead>
          <tr><th scope="col">{h.to}</th><th scope="col">{h.subject}</th><th scope="col">{h.queued}</th><th scope="col">{h.state}</th></tr>
        </thead>
        <tbody>
          {props.mails.map((m) => (
            <tr>
              <td data-label={h.to}>{m.to.join(', ')}</td>
              <td data-label={h.subject}>{m.subject}</td>
              <td data-label={h.queued}>{ui.dateTime(m.created_at)}</td>
              <td data-label={h.state}><MailState ui={ui} mail={m} /></td>
            </tr>
          ))}
        </tbody>
      </table>
      <p class="hint">{t('document_mail:status.open_caveat')}</p>
    </>
  );
}

/** The "Emails" section of a document's staff page: the emails, and the links that still work (with a way to withdraw them). */
export function DocumentMailSection(props: { ui: Ui; basePath: string; panel: DocumentMailPanel }) {
  const { ui, panel } = props;
  const { t } = ui;
  return (
    <section class="document-mail" aria-labelledby="document-mail-h">
      <h2 id="document-mail-h">{t('document_mail:status.title')}</h2>
      <MailList ui={ui} mails={panel.mails} />
      {panel.links.active > 0 ? (
        <PostForm action={`${props.basePath}/links/revoke`} class="doc-inline-form" confirm={t('document_mail:links.confirm_revoke')}>
          <span>{t('document_mail:links.active', { count: panel.links.active, date: ui.dateTime(panel.links.expiresAt) })}</span>{' '}
          <button type="submit" class="secondary">{t('document_mail:links.revoke')}</button>
        </PostForm>
      ) : null}
    </section>
  );
}
