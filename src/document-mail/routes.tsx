import { Hono, type Context } from 'hono';
import { DocumentMailPage, StatementMailPage, type MailFormProps } from '../../views/document-mail/email-form.js';
import { documentTitle } from '../../views/documents/document-page.js';
import { loadClientFrame } from '../clients/frame.js';
import { parseId } from '../clients/params.js';
import type { DocumentKind } from '../db/schema.js';
import { KIND_INFO } from '../documents/kinds.js';
import { staffActor } from '../events/service.js';
import { resolvePeriod, type ResolvedPeriod } from '../payments/period.js';
import { revokeDocumentLinks } from '../permalinks/service.js';
import { today } from '../util/time.js';
import type { AppEnv } from '../web/env.js';
import { formString } from '../web/forms.js';
import { page, seeOther } from '../web/html.js';
import type { Ui } from '../web/ui.js';
import { periodText } from './content.js';
import { mailFormValues, type MailFormErrors, type MailFormValues } from './form.js';
import {
  defaultMailValues, documentMailTarget, sendTargetEmail, statementMailTarget, statementMails, topicOf, type MailTarget, type SendMailResult,
} from './service.js';

type C = Context<AppEnv>;

/** The facts shown above the form, in the staff member's language. */
function summaryOf(ui: Ui, target: MailTarget): Array<[string, string]> {
  const t = ui.t;
  const topic = topicOf(target);
  const rows: Array<[string, string]> = [[t('document_mail:form.client'), target.client.name]];
  if (topic.kind === 'statement') {
    rows.push([t('document_mail:email.facts.period'), periodText(ui, topic.from, topic.to)]);
    rows.push([t('document_mail:email.facts.closing_balance'), ui.money(topic.closingBalance, topic.currency)]);
    return rows;
  }
  rows.push([t(`document_mail:email.facts.number_${topic.kind}`), topic.number]);
  rows.push([t('document_mail:email.facts.total'), ui.money(topic.total, topic.currency)]);
  if (topic.amountDue !== null) rows.push([t('document_mail:email.facts.amount_due'), ui.money(topic.amountDue, topic.currency)]);
  if (topic.dueDate) rows.push([t('document_mail:email.facts.due_date'), ui.date(topic.dueDate)]);
  if (topic.validUntil) rows.push([t('document_mail:email.facts.valid_until'), ui.date(topic.validUntil)]);
  rows.push([t('document_mail:form.language'), t(`document_mail:languages.${target.client.language}`)]);
  return rows;
}

/** Where staff land after sending a document: its page, saying what happened. */
function doneCode(result: Extract<SendMailResult, { ok: true }>): string {
  if (result.inviteFailed > 0) return 'emailed_invite_failed';
  return result.invited > 0 ? 'emailed_invited' : 'emailed';
}

/** The document's email form: as it starts, as typed with errors (422), or why it cannot be emailed (409). */
async function documentForm(c: C, kind: DocumentKind, typed: MailFormValues | null, errors: MailFormErrors = {}): Promise<Response> {
  const id = parseId(c.req.param('id'));
  const found = id === null ? ({ ok: false, error: 'NotFound' } as const) : await documentMailTarget(c.var.db, kind, id);
  const { ui } = c.var;
  const section = KIND_INFO[kind].section;
  if (!found.ok && found.error === 'NotFound') return c.notFound();
  if (!found.ok) {
    const title = ui.t('document_mail:form.cannot_title');
    return page(c, <DocumentMailPage ui={ui} staff={c.var.staff} title={title} section={section} form={null} refusal="document_mail:errors.not_issued" />, 409);
  }
  const target = found.target;
  if (target.kind !== 'document') return c.notFound();
  const doc = target.detail.doc;
  const base = `${KIND_INFO[kind].path}/${doc.id}`;
  const form: MailFormProps = {
    ui,
    action: `${base}/email`,
    values: typed ?? (await defaultMailValues(c.var.db, target)),
    errors,
    clientName: target.client.name,
    summary: summaryOf(ui, target),
    cancelHref: base,
  };
  const title = ui.t(`document_mail:form.title_${kind}`, { number: doc.number ?? documentTitle(ui, kind, doc.number) });
  return page(c, <DocumentMailPage ui={ui} staff={c.var.staff} title={title} section={section} form={form} />, Object.keys(errors).length > 0 ? 422 : 200);
}

/** Sends a document's email, then POST → 303 → its page; bad input re-renders the form (422), nothing sent. */
async function sendDocument(c: C, kind: DocumentKind): Promise<Response> {
  const id = parseId(c.req.param('id'));
  if (id === null) return c.notFound();
  const body = await c.req.parseBody();
  const values = mailFormValues((n) => formString(body, n));
  const found = await documentMailTarget(c.var.db, kind, id);
  if (!found.ok) return found.error === 'NotFound' ? c.notFound() : documentForm(c, kind, values);
  const result = await sendTargetEmail(c.var.db, staffActor(c.var.staff), found.target, values, { publicUrl: c.var.config.publicUrl });
  if (result.ok) return seeOther(c, `${KIND_INFO[kind].path}/${id}?done=${doneCode(result)}`);
  if (result.error === 'Invalid') return documentForm(c, kind, values, result.errors);
  return result.error === 'NotFound' ? c.notFound() : documentForm(c, kind, values);
}

/** Withdraws the emailed links of a document. */
async function revokeLinks(c: C, kind: DocumentKind): Promise<Response> {
  const id = parseId(c.req.param('id'));
  if (id === null) return c.notFound();
  const result = await revokeDocumentLinks(c.var.db, staffActor(c.var.staff), kind, id);
  return result.ok ? seeOther(c, `${KIND_INFO[kind].path}/${id}?done=links_revoked`) : c.notFound();
}

/** Reads a period: `period`, `from`, `to` in the query of a GET; `period`, `period_from`, `period_to` in the form (its `to` is the addresses). */
type PeriodSource = { period: string | undefined; from: string | undefined; to: string | undefined };

function periodOf(source: PeriodSource): { ok: boolean; value: ResolvedPeriod } {
  return resolvePeriod(source, today(), 'this_year');
}

const fromQuery = (c: C): PeriodSource => ({ period: c.req.query('period'), from: c.req.query('from'), to: c.req.query('to') });
const fromForm = (get: (name: string) => string | undefined): PeriodSource => ({ period: get('period'), from: get('period_from'), to: get('period_to') });

/** The hidden fields that carry a resolved period through the form. */
function periodFields(p: { from: string | null; to: string | null }): Record<string, string> {
  return { period: 'custom', period_from: p.from ?? '', period_to: p.to ?? '' };
}

/** The query string of a resolved period. */
function periodQuery(p: { from: string | null; to: string | null }): Record<string, string> {
  return { period: 'custom', from: p.from ?? '', to: p.to ?? '' };
}

/** The statement's email form and the statement emails sent so far. */
async function statementForm(c: C, source: PeriodSource, typed: MailFormValues | null, errors: MailFormErrors = {}): Promise<Response> {
  const frame = await loadClientFrame(c.var.db, parseId(c.req.param('id')) ?? 0);
  if (!frame) return c.notFound();
  const { ui } = c.var;
  const period = periodOf(source);
  const mails = await statementMails(c.var.db, frame.client.id);
  const sent = c.req.method === 'GET' && c.req.query('done') === 'sent';
  const flash = sent ? { kind: 'success' as const, key: 'document_mail:statement.sent' } : null;
  if (!period.ok) {
    const notice = <p class="flash flash-error" role="alert">{ui.t('document_mail:errors.bad_period')}</p>;
    return page(c, <StatementMailPage ui={ui} staff={c.var.staff} {...frame} form={null} mails={mails} notice={notice} />, 422);
  }
  const target = await statementMailTarget(c.var.db, frame.client.id, period.value.from, period.value.to);
  if (!target) return c.notFound();
  const base = `/clients/${frame.client.id}/statement`;
  const form: MailFormProps = {
    ui,
    action: `${base}/email`,
    values: typed ?? (await defaultMailValues(c.var.db, target)),
    errors,
    clientName: frame.client.name,
    summary: summaryOf(ui, target),
    hidden: periodFields(period.value),
    cancelHref: base,
  };
  return page(c, <StatementMailPage ui={ui} staff={c.var.staff} {...frame} form={form} mails={mails} flash={flash} />, Object.keys(errors).length > 0 ? 422 : 200);
}

/** Sends the statement, then back to its form page with "sent" (POST → 303 → GET). */
async function sendStatement(c: C): Promise<Response> {
  const clientId = parseId(c.req.param('id'));
  if (clientId === null) return c.notFound();
  const body = await c.req.parseBody();
  const get = (n: string) => formString(body, n);
  const values = mailFormValues(get);
  const source = fromForm(get);
  const period = periodOf(source);
  if (!period.ok) return statementForm(c, source, values);
  const target = await statementMailTarget(c.var.db, clientId, period.value.from, period.value.to);
  if (!target) return c.notFound();
  const result = await sendTargetEmail(c.var.db, staffActor(c.var.staff), target, values, { publicUrl: c.var.config.publicUrl });
  if (result.ok) return seeOther(c, `/clients/${clientId}/statement/email?${new URLSearchParams({ ...periodQuery(period.value), done: 'sent' }).toString()}`);
  return statementForm(c, source, values, result.error === 'Invalid' ? result.errors : {});
}

/** Staff pages: the email form of every issued document and of a client's statement, and withdrawing a document's links. */
export const documentMailRoutes = new Hono<AppEnv>()
  .get('/invoices/:id{[0-9]+}/email', (c) => documentForm(c, 'invoice', null))
  .get('/estimates/:id{[0-9]+}/email', (c) => documentForm(c, 'estimate', null))
  .get('/credit-notes/:id{[0-9]+}/email', (c) => documentForm(c, 'credit_note', null))
  .post('/invoices/:id{[0-9]+}/email', (c) => sendDocument(c, 'invoice'))
  .post('/estimates/:id{[0-9]+}/email', (c) => sendDocument(c, 'estimate'))
  .post('/credit-notes/:id{[0-9]+}/email', (c) => sendDocument(c, 'credit_note'))
  .post('/invoices/:id{[0-9]+}/links/revoke', (c) => revokeLinks(c, 'invoice'))
  .post('/estimates/:id{[0-9]+}/links/revoke', (c) => revokeLinks(c, 'estimate'))
  .post('/credit-notes/:id{[0-9]+}/links/revoke', (c) => revokeLinks(c, 'credit_note'))
  .get('/clients/:id{[0-9]+}/statement/email', (c) => statementForm(c, fromQuery(c), null))
  .post('/clients/:id{[0-9]+}/statement/email', (c) => sendStatement(c));
