import type { Child } from 'hono/jsx';
import { countryName } from '../../src/clients/country.js';
import type { DocumentKind, DocumentLine, DocumentRow, PaymentMethod } from '../../src/db/schema.js';
import type { ClientSnapshot } from '../../src/documents/service.js';
import type { Minor, TaxBreakdownEntry } from '../../src/money/money.js';
import type { PortalView } from '../../src/portal/context.js';
import { LIST_SPECS, type PortalListName, type PortalStatus } from '../../src/portal/lists.js';
import type { Ui } from '../../src/web/ui.js';
import { DateText, Money } from '../components/money.js';
import { PortalLayout } from '../layouts/portal.js';
import { PortalStatusBadge } from './lists/status-badge.js';

/** The portal list each kind belongs to. */
export const KIND_LIST: Record<DocumentKind, Exclude<PortalListName, 'payments'>> = { invoice: 'invoices', estimate: 'estimates', credit_note: 'credit_notes' };

/** Everything the portal page of one document shows; sections the member may not see are null. */
export interface PortalDocumentData {
  kind: DocumentKind;
  doc: DocumentRow;
  lines: DocumentLine[];
  /** The client's details as they were when the document was issued. */
  snapshot: ClientSnapshot | null;
  status: PortalStatus;
  overdue: boolean;
  taxBreakdown: TaxBreakdownEntry[];
  /** Invoices: paid and credited so far (total − balance). */
  amountPaid: Minor;
  /** Invoices: still owed. */
  balance: Minor;
  /** Credit notes: left to apply. */
  remaining: Minor;
  projectName: string | null;
  /** Credit notes: the invoice they were issued for. */
  relatedInvoice: { id: number; number: string | null } | null;
  /** Invoices, when payments are visible: payments allocated to it. */
  payments: Array<{ payment_id: number; date: string; method: PaymentMethod; reference: string | null; currency: string; amount: Minor }> | null;
  /** Invoices, when credit notes are visible: credit applied to it. */
  credits: Array<{ date: string; amount: Minor; credit_note_id: number; number: string | null }> | null;
  /** Credit notes: the invoices it was applied to. */
  applications: Array<{ date: string; amount: Minor; invoice_id: number; number: string | null }> | null;
  /** What the member may see besides the document itself. */
  show: { balances: boolean; invoiceLinks: boolean; paymentLinks: boolean; creditNoteLinks: boolean };
}

/** "Invoice INV-2026-0001" in the page's language. */
export function portalDocumentTitle(ui: Ui, kind: DocumentKind, number: string | null): string {
  return ui.t(`portal_docs:document.title_${kind}`, { number: number ?? '' });
}

// Decimal text as stored ("1.5") in the reader's convention ("1,5" in Greek).
function decimalText(ui: Ui, text: string): string {
  return ui.lang === 'el' ? text.replace('.', ',') : text;
}

/** Who the document is addressed to (also shown on permalink pages). */
export function BillTo(props: { ui: Ui; who: ClientSnapshot }) {
  const { t } = props.ui;
  const w = props.who;
  const cityLine = [w.postcode, w.city].filter((x) => x).join(' ');
  return (
    <address class="bill-to">
      <strong>{t('portal_docs:document.bill_to')}</strong>
      <br />
      {w.name}
      {[w.address_line1, w.address_line2, cityLine, countryName(w.country, props.ui.lang)].filter((x) => x).map((line) => <><br />{line}</>)}
      {w.vat_number ? <><br />{t('portal_docs:document.vat_number', { vat: w.vat_number })}</> : null}
    </address>
  );
}

/** The document's lines (also shown on permalink pages). */
export function LinesTable(props: { ui: Ui; data: PortalDocumentData }) {
  const { ui, data } = props;
  const { t } = ui;
  const currency = data.doc.currency;
  const h = {
    description: t('portal_docs:document.description'),
    quantity: t('portal_docs:document.quantity'),
    unit_price: t('portal_docs:document.unit_price'),
    tax_rate: t('portal_docs:document.tax_rate'),
    net: t('portal_docs:document.net'),
  };
  return (
    <table class="responsive document-lines">
      <thead>
        <tr>
          <th scope="col">{h.description}</th>
          <th scope="col" class="num">{h.quantity}</th>
          <th scope="col" class="num">{h.unit_price}</th>
          <th scope="col" class="num">{h.tax_rate}</th>
          <th scope="col" class="num">{h.net}</th>
        </tr>
      </thead>
      <tbody>
        {data.lines.map((l) => (
          <tr>
            <td data-label={h.description}>{l.description}</td>
            <td class="num" data-label={h.quantity}>{decimalText(ui, l.quantity)}</td>
            <td class="num" data-label={h.unit_price}><Money ui={ui} minor={l.unit_price} currency={currency} /></td>
            <td class="num" data-label={h.tax_rate}>{t('portal_docs:document.percent', { rate: decimalText(ui, l.tax_rate) })}</td>
            <td class="num" data-label={h.net}><Money ui={ui} minor={l.net} currency={currency} /></td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** The document's totals, and what is paid and owed when balances are shown (also on permalink pages). */
export function Totals(props: { ui: Ui; data: PortalDocumentData }) {
  const { ui, data } = props;
  const { t } = ui;
  const { doc } = data;
  const row = (label: string, minor: number, cls?: string) => (
    <tr class={cls}><th scope="row">{label}</th><td class="num"><Money ui={ui} minor={minor} currency={doc.currency} /></td></tr>
  );
  const counts = doc.status !== 'void';
  const balances = data.show.balances && counts;
  return (
    <table class="totals">
      <tbody>
        {row(t('portal_docs:document.subtotal'), doc.subtotal)}
        {data.taxBreakdown.map((b) => row(t('portal_docs:document.tax_at', { rate: decimalText(ui, b.rate), net: ui.money(b.net, doc.currency) }), b.tax))}
        {data.taxBreakdown.length === 1 ? null : row(t('portal_docs:document.tax'), doc.tax)}
        {row(t('portal_docs:document.total'), doc.total, 'grand-total')}
        {balances && data.kind === 'invoice' ? row(t('portal_docs:document.amount_paid'), data.amountPaid) : null}
        {balances && data.kind === 'invoice' ? row(t('portal_docs:document.balance'), data.balance, 'grand-total') : null}
        {balances && data.kind === 'credit_note' ? row(t('portal_docs:document.remaining'), data.remaining, 'grand-total') : null}
      </tbody>
    </table>
  );
}

/** Payments and credit that settled an invoice (only what the member may see). */
function InvoiceSettlements(props: { ui: Ui; portal: PortalView; data: PortalDocumentData }) {
  const { ui, data, portal } = props;
  const { t } = ui;
  if (data.payments === null && data.credits === null) return null;
  const payments = data.payments ?? [];
  const credits = data.credits ?? [];
  const h = { date: t('portal_docs:columns.date'), source: t('portal_docs:document.paid_by'), amount: t('portal_docs:columns.amount') };
  return (
    <section class="no-print" aria-labelledby="settlements-h">
      <h2 id="settlements-h">{t(data.payments !== null ? 'portal_docs:document.payments_title' : 'portal_docs:document.credits_title')}</h2>
      {payments.length === 0 && credits.length === 0 ? (
        <p class="empty">{t('portal_docs:document.no_payments')}</p>
      ) : (
        <table class="responsive">
          <thead><tr><th scope="col">{h.date}</th><th scope="col">{h.source}</th><th scope="col" class="num">{h.amount}</th></tr></thead>
          <tbody>
            {payments.map((p) => {
              const label = `${t(`portal_docs:methods.${p.method}`)}${p.reference ? ` · ${p.reference}` : ''}`;
              return (
                <tr>
                  <td data-label={h.date}><DateText ui={ui} date={p.date} /></td>
                  <td data-label={h.source}>{data.show.paymentLinks ? <a href={`${portal.base}/payments/${p.payment_id}`}>{label}</a> : label}</td>
                  <td class="num" data-label={h.amount}><Money ui={ui} minor={p.amount} currency={p.currency} /></td>
                </tr>
              );
            })}
            {credits.map((cr) => {
              const label = t('portal_docs:document.title_credit_note', { number: cr.number ?? '' });
              return (
                <tr>
                  <td data-label={h.date}><DateText ui={ui} date={cr.date} /></td>
                  <td data-label={h.source}>{data.show.creditNoteLinks ? <a href={`${portal.base}/credit-notes/${cr.credit_note_id}`}>{label}</a> : label}</td>
                  <td class="num" data-label={h.amount}><Money ui={ui} minor={cr.amount} currency={data.doc.currency} /></td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </section>
  );
}

/** The invoices a credit note was applied to. */
function CreditApplications(props: { ui: Ui; portal: PortalView; data: PortalDocumentData }) {
  const { ui, data, portal } = props;
  const { t } = ui;
  if (data.applications === null) return null;
  const h = { date: t('portal_docs:columns.date'), invoice: t('portal_docs:columns.invoice'), amount: t('portal_docs:columns.amount') };
  return (
    <section class="no-print" aria-labelledby="applications-h">
      <h2 id="applications-h">{t('portal_docs:document.applications_title')}</h2>
      {data.applications.length === 0 ? (
        <p class="empty">{t('portal_docs:document.no_applications')}</p>
      ) : (
        <table class="responsive">
          <thead><tr><th scope="col">{h.date}</th><th scope="col">{h.invoice}</th><th scope="col" class="num">{h.amount}</th></tr></thead>
          <tbody>
            {data.applications.map((a) => (
              <tr>
                <td data-label={h.date}><DateText ui={ui} date={a.date} /></td>
                <td data-label={h.invoice}>{data.show.invoiceLinks ? <a href={`${portal.base}/invoices/${a.invoice_id}`}>{a.number ?? '—'}</a> : (a.number ?? '—')}</td>
                <td class="num" data-label={h.amount}><Money ui={ui} minor={a.amount} currency={data.doc.currency} /></td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

/**
 * The portal page of an invoice, estimate or credit note: the document as the firm issued it
 * (with the client details frozen at issue), its status, and what was paid or applied.
 * `actions` is the estimate's accept/reject slot (EstimateResponse).
 */
export function PortalDocumentPage(props: { ui: Ui; portal: PortalView; data: PortalDocumentData; actions?: Child }) {
  const { ui, portal, data } = props;
  const { t } = ui;
  const { doc, kind } = data;
  const list = KIND_LIST[kind];
  const path = LIST_SPECS[list].path;
  const title = portalDocumentTitle(ui, kind, doc.number);
  const who: ClientSnapshot = data.snapshot ?? { name: portal.client.name, email: null, vat_number: null, address_line1: null, address_line2: null, city: null, postcode: null, country: null };
  return (
    <PortalLayout ui={ui} portal={portal} title={title} section={list}>
      <div class="document-head no-print">
        <h1>{title} <PortalStatusBadge ui={ui} status={data.status} overdue={data.overdue} /></h1>
        <p class="actions">
          <a class="button" href={`${portal.base}${path}/${doc.id}/pdf`} download>{t('portal_docs:document.download_pdf')}</a>
          <a href={`${portal.base}${path}`}>{t(`portal_docs:lists.${list}.back`)}</a>
        </p>
      </div>
      <article class="document portal-document" aria-label={title}>
        <div class="document-head">
          <div class="issuer">
            <p class="issuer-name"><strong>{portal.firmName}</strong></p>
            <p class="document-kind">{title}</p>
            <BillTo ui={ui} who={who} />
          </div>
          <dl class="details">
            <dt>{t('portal_docs:columns.number')}</dt>
            <dd>{doc.number ?? '—'}</dd>
            <dt>{t('portal_docs:columns.issue_date')}</dt>
            <dd><DateText ui={ui} date={doc.issue_date} /></dd>
            {kind === 'invoice' ? <><dt>{t('portal_docs:columns.due_date')}</dt><dd><DateText ui={ui} date={doc.due_date} /></dd></> : null}
            {kind === 'estimate' ? <><dt>{t('portal_docs:columns.valid_until')}</dt><dd><DateText ui={ui} date={doc.valid_until} /></dd></> : null}
            {data.projectName ? <><dt>{t('portal_docs:columns.project')}</dt><dd>{data.projectName}</dd></> : null}
            {data.relatedInvoice ? (
              <>
                <dt>{t('portal_docs:document.for_invoice')}</dt>
                <dd>{data.show.invoiceLinks ? <a href={`${portal.base}/invoices/${data.relatedInvoice.id}`}>{data.relatedInvoice.number ?? '—'}</a> : (data.relatedInvoice.number ?? '—')}</dd>
              </>
            ) : null}
            <dt>{t('portal_docs:columns.status')}</dt>
            <dd><PortalStatusBadge ui={ui} status={data.status} overdue={data.overdue} /></dd>
            {doc.status === 'void' ? <><dt>{t('portal_docs:document.voided_on')}</dt><dd>{ui.dateTime(doc.voided_at)}</dd></> : null}
            {kind === 'estimate' && doc.responded_at ? (
              <>
                <dt>{t('portal_docs:document.response')}</dt>
                <dd>{ui.dateTime(doc.responded_at)}{doc.response_comment ? ` · ${doc.response_comment}` : ''}</dd>
              </>
            ) : null}
          </dl>
        </div>
        <LinesTable ui={ui} data={data} />
        <Totals ui={ui} data={data} />
        {doc.notes ? <section class="notes"><h2>{t('portal_docs:document.notes')}</h2><p>{doc.notes}</p></section> : null}
      </article>
      {/* Estimates: the accept/reject forms (EstimateResponse) go here. */}
      {props.actions ? <div class="document-actions no-print">{props.actions}</div> : null}
      {kind === 'invoice' ? <InvoiceSettlements ui={ui} portal={portal} data={data} /> : null}
      {kind === 'credit_note' ? <CreditApplications ui={ui} portal={portal} data={data} /> : null}
    </PortalLayout>
  );
}
