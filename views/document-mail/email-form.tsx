import type { Child } from 'hono/jsx';
import type { Client, StaffUser } from '../../src/db/schema.js';
import type { MailFormError, MailFormErrors, MailFormValues } from '../../src/document-mail/form.js';
import { MAX_MESSAGE, MAX_SUBJECT } from '../../src/document-mail/form.js';
import type { MailStatus } from '../../src/mail/outbox.js';
import type { Ui } from '../../src/web/ui.js';
import { ClientFrame, type ClientNav } from '../clients/client-frame.js';
import type { FlashMessage } from '../components/flash.js';
import { StaffLayout } from '../layouts/staff.js';
import { MailList } from './mail-status.js';

/** What the email form shows besides its fields. */
export interface MailFormProps {
  ui: Ui;
  action: string;
  values: MailFormValues;
  errors: MailFormErrors;
  clientName: string;
  /** Facts of what is sent (number, total, due date; or the period). */
  summary: Array<[string, string]>;
  /** Hidden fields (a statement's period). */
  hidden?: Record<string, string>;
  cancelHref: string;
}

function ErrorText(props: { ui: Ui; id: string; error: MailFormError | undefined }) {
  if (!props.error) return null;
  return <p class="error" id={props.id}>{props.ui.t(props.error.key, props.error.values ?? {})}</p>;
}

function InputField(props: { ui: Ui; name: 'to' | 'cc' | 'bcc' | 'subject'; label: string; value: string; errors: MailFormErrors; hint?: string; required?: boolean; maxlength?: number }) {
  const id = `f-${props.name}`;
  const error = props.errors[props.name];
  const described = [error ? `${id}-error` : null, props.hint ? `${id}-hint` : null].filter(Boolean).join(' ') || undefined;
  return (
    <div class={error ? 'field has-error' : 'field'}>
      <label for={id}>{props.label}{props.required ? <span aria-hidden="true"> *</span> : null}</label>
      <input id={id} name={props.name} type="text" value={props.value} required={props.required} maxlength={props.maxlength} aria-invalid={error ? 'true' : undefined} aria-describedby={described} autocomplete="off" spellcheck={false} />
      {props.hint ? <p class="hint" id={`${id}-hint`}>{props.hint}</p> : null}
      <ErrorText ui={props.ui} id={`${id}-error`} error={error} />
    </div>
  );
}

/** The email form: To, CC, BCC, subject, message and "invite recipients to the client portal". */
export function MailForm(props: MailFormProps) {
  const { ui, values, errors } = props;
  const { t } = ui;
  const count = Object.keys(errors).length;
  const messageError = errors.message;
  const inviteError = errors.invite;
  return (
    <form method="post" action={props.action} class="mail-form" novalidate>
      {count > 0 ? <div class="error-summary" role="alert"><p>{t('validation:summary', { count })}</p></div> : null}
      {props.summary.length > 0 ? (
        <dl class="details mail-summary">
          {props.summary.map(([label, value]) => <><dt>{label}</dt><dd>{value}</dd></>)}
        </dl>
      ) : null}
      {Object.entries(props.hidden ?? {}).map(([name, value]) => <input type="hidden" name={name} value={value} />)}
      <InputField ui={ui} name="to" label={t('document_mail:form.to')} value={values.to} errors={errors} hint={t('document_mail:form.to_hint')} required />
      <InputField ui={ui} name="cc" label={t('document_mail:form.cc')} value={values.cc} errors={errors} />
      <InputField ui={ui} name="bcc" label={t('document_mail:form.bcc')} value={values.bcc} errors={errors} />
      <InputField ui={ui} name="subject" label={t('document_mail:form.subject')} value={values.subject} errors={errors} required maxlength={MAX_SUBJECT} hint={t('document_mail:form.subject_hint')} />
      <div class={messageError ? 'field has-error' : 'field'}>
        <label for="f-message">{t('document_mail:form.message')}</label>
        <textarea id="f-message" name="message" rows={10} maxlength={MAX_MESSAGE} aria-invalid={messageError ? 'true' : undefined} aria-describedby={messageError ? 'f-message-error' : 'f-message-hint'}>{values.message}</textarea>
        <p class="hint" id="f-message-hint">{t('document_mail:form.message_hint')}</p>
        <ErrorText ui={ui} id="f-message-error" error={messageError} />
      </div>
      <div class={inviteError ? 'field checkbox has-error' : 'field checkbox'}>
        <label>
          <input type="checkbox" name="invite" value="1" checked={values.invite} aria-describedby="f-invite-hint" />
          {t('document_mail:form.invite')}
        </label>
        <p class="hint" id="f-invite-hint">{t('document_mail:form.invite_hint', { client: props.clientName })}</p>
        <ErrorText ui={ui} id="f-invite-error" error={inviteError} />
      </div>
      <p class="actions">
        <button type="submit" class="primary">{t('document_mail:form.send')}</button>{' '}
        <a href={props.cancelHref}>{t('document_mail:form.cancel')}</a>
      </p>
    </form>
  );
}

/** The page of a document's email form (or, with `refusal`, why it cannot be emailed). */
export function DocumentMailPage(props: { ui: Ui; staff: StaffUser; title: string; section: 'invoices' | 'estimates' | 'credit_notes'; form: MailFormProps | null; refusal?: string; flash?: FlashMessage | null }) {
  const { ui } = props;
  return (
    <StaffLayout ui={ui} staff={props.staff} title={props.title} section={props.section} flash={props.flash}>
      <h1>{props.title}</h1>
      {props.refusal ? <p class="flash flash-error" role="alert">{ui.t(props.refusal)}</p> : null}
      {props.form ? <MailForm {...props.form} /> : null}
    </StaffLayout>
  );
}

/** /clients/:id/statement/email: the statement's email form on the client's statement tab, with the statement emails sent so far. */
export function StatementMailPage(props: { ui: Ui; staff: StaffUser; client: Client; nav: ClientNav; form: MailFormProps | null; mails: MailStatus[]; flash?: FlashMessage | null; notice?: Child }) {
  const { ui } = props;
  const { t } = ui;
  return (
    <ClientFrame ui={ui} staff={props.staff} client={props.client} tab="statement" nav={props.nav} flash={props.flash}>
      <h2>{t('document_mail:statement.title')}</h2>
      {props.notice}
      {props.form ? <MailForm {...props.form} /> : null}
      <section aria-labelledby="statement-mails-h">
        <h2 id="statement-mails-h">{t('document_mail:statement.sent_title')}</h2>
        <MailList ui={ui} mails={props.mails} />
      </section>
    </ClientFrame>
  );
}
