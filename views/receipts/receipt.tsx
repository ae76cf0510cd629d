import type { PortalView } from '../../src/portal/context.js';
import type { ReceiptView } from '../../src/receipts/service.js';
import type { StaffWithBell } from '../../src/notifications/bell.js';
import type { Ui } from '../../src/web/ui.js';
import type { FlashMessage } from '../components/flash.js';
import { ErrorSummary, Field, type FieldErrors } from '../components/form.js';
import { DateText, Money } from '../components/money.js';
import { PortalLayout } from '../layouts/portal.js';
import { StaffLayout } from '../layouts/staff.js';
import { TestModeBanner } from '../payments-online/test-mode.js';

/** The receipt itself, the same on the portal and for staff: who paid what, when, for which invoices. */
export function ReceiptDocument(props: { ui: Ui; firmName: string; receipt: ReceiptView; invoiceHref: ((id: number) => string) | null }) {
  const { ui, receipt: r } = props;
  const { t } = ui;
  const p = r.payment;
  const title = `${t('receipts:title')} ${r.number}`;
  return (
    <article class="document receipt" aria-label={title}>
      <div class="document-head">
        <div class="issuer">
          <p class="issuer-name"><strong>{props.firmName}</strong></p>
          <p class="document-kind">{t('receipts:title')}</p>
          <p>{t('receipts:received_from_line', { client: p.client_name })}</p>
        </div>
        <dl class="details">
          <dt>{t('receipts:number')}</dt>
          <dd data-field="receipt-number">{r.number}</dd>
          <dt>{t('receipts:date')}</dt>
          <dd><DateText ui={ui} date={p.date} /></dd>
          <dt>{t('receipts:method')}</dt>
          <dd>{t(`receipts:methods.${p.method}`)}</dd>
          <dt>{t('receipts:reference')}</dt>
          <dd>{p.reference ?? '—'}</dd>
          <dt>{t('receipts:amount')}</dt>
          <dd data-figure="receipt_amount"><Money ui={ui} minor={p.amount} currency={p.currency} /></dd>
          {p.voided_at ? <><dt>{t('receipts:voided')}</dt><dd>{ui.dateTime(p.voided_at)}</dd></> : null}
          {p.refunded_at ? <><dt>{t('receipts:refunded')}</dt><dd>{ui.dateTime(p.refunded_at)}</dd></> : null}
        </dl>
      </div>
      <table class="responsive receipt-lines">
        <thead><tr><th scope="col">{t('receipts:columns.invoice')}</th><th scope="col" class="num">{t('receipts:columns.amount')}</th></tr></thead>
        <tbody>
          {r.allocations.map((a) => (
            <tr>
              <td data-label={t('receipts:columns.invoice')}>{props.invoiceHref ? <a href={props.invoiceHref(a.invoice_id)}>{a.number ?? `#${a.invoice_id}`}</a> : (a.number ?? `#${a.invoice_id}`)}</td>
              <td class="num" data-label={t('receipts:columns.amount')}><Money ui={ui} minor={a.amount} currency={p.currency} /></td>
            </tr>
          ))}
          {r.credit > 0 ? (
            <tr>
              <td data-label={t('receipts:columns.invoice')}>{t('receipts:credit_row')}</td>
              <td class="num" data-label={t('receipts:columns.amount')} data-figure="receipt_credit"><Money ui={ui} minor={r.credit} currency={p.currency} /></td>
            </tr>
          ) : null}
        </tbody>
        <tfoot><tr><th scope="row">{t('receipts:total')}</th><td class="num"><Money ui={ui} minor={p.amount} currency={p.currency} /></td></tr></tfoot>
      </table>
    </article>
  );
}

/** <base>/payments/:id/receipt on the portal. */
export function PortalReceiptPage(props: { ui: Ui; portal: PortalView; receipt: ReceiptView; invoiceLinks: boolean }) {
  const { ui, portal: p, receipt } = props;
  const { t } = ui;
  const title = `${t('receipts:title')} ${receipt.number}`;
  return (
    <PortalLayout ui={ui} portal={p} title={title} section="payments">
      <div class="document-head no-print">
        <h1>{title}</h1>
        <p class="actions">
          <a class="button" href={`${p.base}/payments/${receipt.payment.id}/receipt/pdf`} download>{t('receipts:download_pdf')}</a>
          <a href={p.base || '/'}>{t('pay:back_dashboard')}</a>
        </p>
      </div>
      {receipt.testMode ? <TestModeBanner ui={ui} /> : null}
      <ReceiptDocument ui={ui} firmName={p.firmName} receipt={receipt} invoiceHref={props.invoiceLinks ? (id) => `${p.base}/invoices/${id}` : null} />
    </PortalLayout>
  );
}

/** /payments/:id/receipt for staff: the receipt, its PDF, and a form to email it. */
export function StaffReceiptPage(props: { ui: Ui; staff: StaffWithBell; firmName: string; receipt: ReceiptView; to: string; errors?: FieldErrors; message?: string | null; flash?: FlashMessage | null }) {
  const { ui, receipt } = props;
  const { t } = ui;
  const id = receipt.payment.id;
  const title = `${t('receipts:title')} ${receipt.number}`;
  return (
    <StaffLayout ui={ui} staff={props.staff} title={title} section="payments" flash={props.flash ?? null}>
      <h1>{title}</h1>
      <p class="actions">
        <a class="button" href={`/payments/${id}/receipt/pdf`} download>{t('receipts:download_pdf')}</a>
        <a href={`/payments/${id}`}>{t('receipts:staff.back')}</a>
      </p>
      {receipt.testMode ? <TestModeBanner ui={ui} /> : null}
      <ReceiptDocument ui={ui} firmName={props.firmName} receipt={receipt} invoiceHref={(invoiceId) => `/invoices/${invoiceId}`} />
      {receipt.payment.emailed_to ? <p class="hint">{t('receipts:staff.emailed_to', { to: receipt.payment.emailed_to })}</p> : null}
      {receipt.payment.voided_at ? null : (
        <form method="post" action={`/payments/${id}/receipt/email`}>
          <fieldset>
            <legend>{t('receipts:staff.email_legend')}</legend>
            <ErrorSummary ui={ui} errors={props.errors} message={props.message ?? null} />
            <Field ui={ui} name="to" label={t('receipts:staff.to')} value={props.to} errors={props.errors} required hint={t('receipts:staff.to_hint')} maxlength={1000} />
            <button type="submit" class="primary">{t('receipts:staff.send')}</button>
          </fieldset>
        </form>
      )}
    </StaffLayout>
  );
}
