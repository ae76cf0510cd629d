import type { Child } from 'hono/jsx';
import type { DocumentKind, StaffUser } from '../../src/db/schema.js';
import { countryName } from '../../src/clients/country.js';
import { KIND_INFO } from '../../src/documents/kinds.js';
import type { ClientSnapshot, DocumentPageData } from '../../src/documents/service.js';
import type { Ui } from '../../src/web/ui.js';
import type { DocumentMailPanel } from '../../src/document-mail/service.js';
import { DocumentMailSection } from '../document-mail/mail-status.js';
import { EventList } from '../components/events.js';
import type { FlashMessage } from '../components/flash.js';
import { PostForm } from '../components/form.js';
import { DateText, Money } from '../components/money.js';
import { StaffLayout } from '../layouts/staff.js';
import { StatusBadge } from './status-badge.js';

/** The document's title: "Invoice INV-2026-0001", or "Draft invoice" before it has a number. */
export function documentTitle(ui: Ui, kind: DocumentKind, number: string | null): string {
  return number ? ui.t(`documents:kinds.${kind}.numbered_title`, { number }) : ui.t(`documents:kinds.${kind}.draft_title`);
}

/** Who the document is addressed to: the frozen snapshot once numbered, the current client details on a draft. */
function BillTo(props: { ui: Ui; who: ClientSnapshot; frozen: boolean }) {
  const { t } = props.ui;
  const w = props.who;
  const cityLine = [w.postcode, w.city].filter((x) => x).join(' ');
  return (
    <address class="bill-to">
      <strong>{t('documents:page.bill_to')}</strong>
      <br />
      {w.name}
      {[w.address_line1, w.address_line2, cityLine, countryName(w.country, props.ui.lang)].filter((x) => x).map((line) => <><br />{line}</>)}
      {w.vat_number ? <><br />{t('documents:page.vat_number', { vat: w.vat_number })}</> : null}
      {w.email ? <><br />{w.email}</> : null}
      {props.frozen ? null : <><br /><span class="hint">{t('documents:page.current_details')}</span></>}
    </address>
  );
}

function LinesTable(props: { ui: Ui; data: DocumentPageData }) {
  const { ui } = props;
  const { t } = ui;
  const { doc, lines } = props.data.detail;
  return (
    <table class="responsive document-lines">
      <thead>
        <tr>
          <th scope="col">{t('documents:fields.description')}</th>
          <th scope="col" class="num">{t('documents:fields.quantity')}</th>
          <th scope="col" class="num">{t('documents:fields.unit_price')}</th>
          <th scope="col" class="num">{t('documents:fields.tax_rate')}</th>
          <th scope="col" class="num">{t('documents:fields.net')}</th>
          <th scope="col" class="num">{t('documents:fields.tax')}</th>
        </tr>
      </thead>
      <tbody>
        {lines.map((l) => (
          <tr>
            <td data-label={t('documents:fields.description')}>{l.description}</td>
            <td class="num" data-label={t('documents:fields.quantity')}>{l.quantity}</td>
            <td class="num" data-label={t('documents:fields.unit_price')}><Money ui={ui} minor={l.unit_price} currency={doc.currency} /></td>
            <td class="num" data-label={t('documents:fields.tax_rate')}>{t('documents:page.percent', { rate: l.tax_rate })}</td>
            <td class="num" data-label={t('documents:fields.net')}><Money ui={ui} minor={l.net} currency={doc.currency} /></td>
            <td class="num" data-label={t('documents:fields.tax')}><Money ui={ui} minor={l.tax} currency={doc.currency} /></td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function Totals(props: { ui: Ui; kind: DocumentKind; data: DocumentPageData }) {
  const { ui, kind } = props;
  const { t } = ui;
  const { detail, taxBreakdown } = props.data;
  const { doc } = detail;
  const row = (label: string, minor: number, cls?: string) => (
    <tr class={cls}><th scope="row">{label}</th><td class="num"><Money ui={ui} minor={minor} currency={doc.currency} /></td></tr>
  );
  const counts = doc.status !== 'draft' && doc.status !== 'void';
  return (
    <table class="totals">
      <tbody>
        {row(t('documents:fields.subtotal'), doc.subtotal)}
        {/* One rate: its own line says it all; several: one line per rate, then their sum. */}
        {taxBreakdown.map((b) => row(t('documents:page.tax_at', { rate: b.rate, net: ui.money(b.net, doc.currency) }), b.tax))}
        {taxBreakdown.length === 1 ? null : row(t('documents:fields.tax'), doc.tax)}
        {row(t('documents:fields.total'), doc.total, 'grand-total')}
        {kind === 'invoice' && counts ? row(t('documents:fields.amount_paid'), detail.amountPaid) : null}
        {kind === 'invoice' && counts ? row(t('documents:fields.balance'), detail.balance, 'grand-total') : null}
        {kind === 'credit_note' && doc.status === 'issued' ? row(t('documents:fields.remaining'), detail.remaining, 'grand-total') : null}
      </tbody>
    </table>
  );
}

function VoidForm(props: { ui: Ui; action: string; isDraft: boolean }) {
  const { t } = props.ui;
  return (
    <PostForm action={props.action} class="doc-inline-form" confirm={t(props.isDraft ? 'documents:actions.confirm_discard' : 'documents:actions.confirm_void')}>
      {props.isDraft ? null : (
        <>
          <label for="void-reason">{t('documents:fields.reason')}</label>{' '}
          <input id="void-reason" name="reason" maxlength={1000} />{' '}
        </>
      )}
      <button type="submit" class="danger">{t(props.isDraft ? 'documents:actions.discard' : 'documents:actions.void')}</button>
    </PostForm>
  );
}

function RespondForm(props: { ui: Ui; action: string; label: string; id: string }) {
  const { t } = props.ui;
  return (
    <PostForm action={props.action} class="doc-inline-form">
      <label for={props.id}>{t('documents:fields.comment')}</label>{' '}
      <input id={props.id} name="comment" maxlength={1000} />{' '}
      <button type="submit">{props.label}</button>
    </PostForm>
  );
}

/** The actions a document offers in its current state; refused ones answer with a message, never a crash. */
function Actions(props: { ui: Ui; kind: DocumentKind; data: DocumentPageData }) {
  const { ui, kind, data } = props;
  const { t } = ui;
  const { doc } = data.detail;
  const base = `${KIND_INFO[kind].path}/${doc.id}`;
  const items: Child[] = [];
  const isDraft = doc.status === 'draft';
  if (isDraft) {
    items.push(<a class="button" href={`${base}/edit`}>{t('documents:actions.edit')}</a>);
    if (kind === 'invoice') items.push(<a class="button" href={`${base}/work`}>{t('work:billing.link')}</a>);
    const issue = KIND_INFO[kind].issueAction;
    items.push(
      <PostForm action={`${base}/${issue}`} confirm={t(`documents:actions.confirm_${issue}`)}>
        <button type="submit" class="primary">{t(`documents:actions.${issue}`)}</button>
      </PostForm>,
    );
  }
  if (kind === 'invoice' && doc.status === 'issued' && data.detail.balance > 0) {
    items.push(<a class="button primary" href={`/payments/new?client_id=${doc.client_id}&invoice_id=${doc.id}`}>{t('documents:actions.record_payment')}</a>);
  }
  if (kind === 'invoice' && doc.status === 'issued') {
    items.push(<a class="button" href={`/credit-notes/new?client_id=${doc.client_id}&invoice_id=${doc.id}`}>{t('documents:actions.credit_note')}</a>);
  }
  if (kind === 'estimate' && doc.status === 'sent') {
    items.push(<RespondForm ui={ui} action={`${base}/accept`} id="accept-comment" label={t('documents:actions.accept')} />);
    items.push(<RespondForm ui={ui} action={`${base}/reject`} id="reject-comment" label={t('documents:actions.reject')} />);
  }
  if (kind === 'estimate' && (doc.status === 'sent' || doc.status === 'accepted')) {
    items.push(
      <PostForm action={`${base}/convert`} confirm={t('documents:actions.confirm_convert')}>
        <button type="submit" class="primary">{t('documents:actions.convert')}</button>
      </PostForm>,
    );
  }
  if (doc.status !== 'draft' && doc.status !== 'void') items.push(<a class="button" href={`${base}/email`}>{t('document_mail:actions.email')}</a>);
  items.push(<a class="button" href={`${base}/pdf`} download>{t('pdf:download')}</a>);
  if (doc.status !== 'void' && doc.status !== 'converted') items.push(<VoidForm ui={ui} action={`${base}/void`} isDraft={isDraft} />);
  if (items.length === 0) return null;
  return <div class="actions">{items}</div>;
}

/** Credit notes with something left, each with its own small form to apply it to this invoice. */
function ApplyCreditToInvoice(props: { ui: Ui; data: DocumentPageData }) {
  const { ui, data } = props;
  const { t } = ui;
  if (data.availableCredit.length === 0) return null;
  const invoice = data.detail.doc;
  return (
    <section class="doc-apply">
      <h2>{t('documents:page.apply_credit_title')}</h2>
      {data.availableCredit.map((cn) => (
        <PostForm action={`/credit-notes/${cn.id}/apply`} class="doc-inline-form">
          <input type="hidden" name="invoice_id" value={String(invoice.id)} />
          <input type="hidden" name="back" value="invoice" />
          <label for={`apply-${cn.id}`}>{t('documents:page.apply_credit_label', { number: cn.number ?? cn.id, remaining: ui.money(cn.remaining, cn.currency) })}</label>{' '}
          <input id={`apply-${cn.id}`} name="amount" inputmode="decimal" placeholder={t('documents:page.amount_placeholder')} />{' '}
          <button type="submit">{t('documents:actions.apply')}</button>
        </PostForm>
      ))}
    </section>
  );
}

/** Apply this credit note to one of the client's open invoices. */
function ApplyCreditNote(props: { ui: Ui; data: DocumentPageData }) {
  const { ui, data } = props;
  const { t } = ui;
  const cn = data.detail.doc;
  if (cn.status !== 'issued' || data.detail.remaining <= 0) return null;
  return (
    <section class="doc-apply">
      <h2>{t('documents:page.apply_to_invoice_title')}</h2>
      {data.openInvoices.length === 0 ? (
        <p class="empty">{t('documents:page.no_open_invoices')}</p>
      ) : (
        <PostForm action={`/credit-notes/${cn.id}/apply`} class="doc-inline-form">
          <label for="apply-invoice">{t('documents:fields.invoice')}</label>{' '}
          <select id="apply-invoice" name="invoice_id">
            {data.openInvoices.map((inv) => (
              <option value={String(inv.id)}>{`${inv.number ?? inv.id} · ${t('documents:fields.balance')} ${ui.money(inv.balance, cn.currency)}`}</option>
            ))}
          </select>{' '}
          <label for="apply-amount">{t('documents:fields.amount')}</label>{' '}
          <input id="apply-amount" name="amount" inputmode="decimal" placeholder={t('documents:page.amount_placeholder')} />{' '}
          <button type="submit">{t('documents:actions.apply')}</button>
        </PostForm>
      )}
    </section>
  );
}

/** Payments and credit applied to an invoice. */
function InvoiceSettlements(props: { ui: Ui; data: DocumentPageData }) {
  const { ui, data } = props;
  const { t } = ui;
  if (data.detail.doc.status === 'draft') return null;
  return (
    <section>
      <h2>{t('documents:page.payments')}</h2>
      {data.payments.length === 0 && data.credits.length === 0 ? (
        <p class="empty">{t('documents:page.no_payments')}</p>
      ) : (
        <table class="responsive document-payments">
          <thead>
            <tr>
              <th scope="col">{t('documents:fields.date')}</th>
              <th scope="col">{t('documents:page.source')}</th>
              <th scope="col" class="num">{t('documents:fields.amount')}</th>
            </tr>
          </thead>
          <tbody>
            {data.payments.map((p) => (
              <tr class={p.voided_at ? 'voided' : undefined}>
                <td data-label={t('documents:fields.date')}><DateText ui={ui} date={p.date} /></td>
                <td data-label={t('documents:page.source')}>
                  <a href={`/payments/${p.payment_id}`}>{t(`payments:methods.${p.method}`)}{p.reference ? ` · ${p.reference}` : ''}</a>
                  {p.voided_at ? <> <span class="badge badge-void">{t('documents:status.void')}</span></> : null}
                </td>
                <td class="num" data-label={t('documents:fields.amount')}><Money ui={ui} minor={p.amount} currency={p.currency} /></td>
              </tr>
            ))}
            {data.credits.map((cr) => (
              <tr>
                <td data-label={t('documents:fields.date')}><DateText ui={ui} date={cr.date} /></td>
                <td data-label={t('documents:page.source')}>
                  <a href={`/credit-notes/${cr.document_id}`}>{t('documents:kinds.credit_note.numbered_title', { number: cr.number ?? cr.document_id })}</a>
                </td>
                <td class="num" data-label={t('documents:fields.amount')}><Money ui={ui} minor={cr.amount} currency={data.detail.doc.currency} /></td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

/** Where a credit note was applied. */
function CreditApplications(props: { ui: Ui; data: DocumentPageData }) {
  const { ui, data } = props;
  const { t } = ui;
  if (data.detail.doc.status === 'draft') return null;
  return (
    <section>
      <h2>{t('documents:page.applications')}</h2>
      {data.applications.length === 0 ? (
        <p class="empty">{t('documents:page.no_applications')}</p>
      ) : (
        <table class="responsive">
          <thead>
            <tr>
              <th scope="col">{t('documents:fields.date')}</th>
              <th scope="col">{t('documents:fields.invoice')}</th>
              <th scope="col" class="num">{t('documents:fields.amount')}</th>
            </tr>
          </thead>
          <tbody>
            {data.applications.map((a) => (
              <tr>
                <td data-label={t('documents:fields.date')}><DateText ui={ui} date={a.date} /></td>
                <td data-label={t('documents:fields.invoice')}><a href={`/invoices/${a.document_id}`}>{a.number ?? `#${a.document_id}`}</a></td>
                <td class="num" data-label={t('documents:fields.amount')}><Money ui={ui} minor={a.amount} currency={data.detail.doc.currency} /></td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

/** The staff page of one invoice, estimate or credit note. */
export function DocumentPage(props: { ui: Ui; staff: StaffUser; kind: DocumentKind; data: DocumentPageData; flash?: FlashMessage | null; mail?: DocumentMailPanel | null }) {
  const { ui, kind, data } = props;
  const { t } = ui;
  const { detail, client, linked } = data;
  const { doc } = detail;
  const title = documentTitle(ui, kind, doc.number);
  const linkedPath = linked ? KIND_INFO[linked.kind].path : '';
  return (
    <StaffLayout ui={ui} staff={props.staff} title={title} section={KIND_INFO[kind].section} flash={props.flash}>
      <div class="document-head">
        <h1>{title} <StatusBadge ui={ui} status={detail.status} overdue={detail.overdue} /></h1>
        <p><a href={`/clients/${client.id}${KIND_INFO[kind].path}`}>{t(`documents:kinds.${kind}.client_list`, { client: client.name })}</a></p>
      </div>
      <Actions ui={ui} kind={kind} data={data} />
      <article class="document">
        <div class="document-head">
          <BillTo ui={ui} who={detail.snapshot ?? client} frozen={detail.snapshot !== null} />
          <dl class="details">
            <dt>{t('documents:fields.number')}</dt>
            <dd>{doc.number ?? t('documents:status.draft')}</dd>
            <dt>{t('documents:fields.issue_date')}</dt>
            <dd><DateText ui={ui} date={doc.issue_date} /></dd>
            {kind === 'invoice' ? <><dt>{t('documents:fields.due_date')}</dt><dd><DateText ui={ui} date={doc.due_date} /></dd></> : null}
            {kind === 'estimate' ? <><dt>{t('documents:fields.valid_until')}</dt><dd><DateText ui={ui} date={doc.valid_until} /></dd></> : null}
            {data.projectName ? <><dt>{t('documents:fields.project')}</dt><dd>{data.projectName}</dd></> : null}
            <dt>{t('documents:fields.currency')}</dt>
            <dd>{doc.currency}</dd>
            {linked ? (
              <>
                <dt>{t(`documents:page.linked_${kind}`)}</dt>
                <dd><a href={`${linkedPath}/${linked.id}`}>{linked.number ?? t('documents:list.draft_number', { id: linked.id })}</a></dd>
              </>
            ) : null}
            {doc.status === 'void' ? <><dt>{t('documents:page.voided')}</dt><dd>{ui.dateTime(doc.voided_at)}{doc.void_reason ? ` · ${doc.void_reason}` : ''}</dd></> : null}
            {doc.responded_at ? <><dt>{t('documents:page.response')}</dt><dd>{ui.dateTime(doc.responded_at)}{doc.response_comment ? ` · ${doc.response_comment}` : ''}</dd></> : null}
          </dl>
        </div>
        <LinesTable ui={ui} data={data} />
        <Totals ui={ui} kind={kind} data={data} />
        {doc.notes ? <section class="notes"><h2>{t('documents:fields.notes')}</h2><p>{doc.notes}</p></section> : null}
      </article>
      {kind === 'invoice' ? <InvoiceSettlements ui={ui} data={data} /> : null}
      {kind === 'invoice' ? <ApplyCreditToInvoice ui={ui} data={data} /> : null}
      {kind === 'credit_note' ? <CreditApplications ui={ui} data={data} /> : null}
      {kind === 'credit_note' ? <ApplyCreditNote ui={ui} data={data} /> : null}
      {props.mail ? <DocumentMailSection ui={ui} basePath={`${KIND_INFO[kind].path}/${doc.id}`} panel={props.mail} /> : null}
      <section>
        <h2>{t('documents:page.history')}</h2>
        <EventList ui={ui} events={data.events} />
      </section>
    </StaffLayout>
  );
}
