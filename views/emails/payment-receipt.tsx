import type { EmailTemplate } from '../../src/mail/template-types.js';
import type { Ui } from '../../src/web/ui.js';
import { EmailButton, P, textParagraphs } from './layout.js';

/** Data of 'payment-receipt' (sent to whoever paid). Amounts in minor units of `currency`. */
export interface PaymentReceiptData {
  payerName: string;
  clientName: string;
  receiptNumber: string;
  /** YYYY-MM-DD */
  date: string;
  amount: number;
  currency: string;
  method: 'bank_transfer' | 'card' | 'cash' | 'cheque' | 'other';
  invoices: Array<{ number: string; amount: number }>;
  /** What of the payment is kept as credit for the client. */
  credit: number;
  /** Paid through the built-in test gateway: no money moved. */
  testMode: boolean;
  /** Absolute URL of the receipt in the portal, for members. */
  link?: string | undefined;
}

function lines(ui: Ui, d: PaymentReceiptData): string[] {
  const t = ui.t;
  return [
    t('emails:paymentReceipt.number', { number: d.receiptNumber }),
    t('emails:paymentReceipt.date', { date: ui.date(d.date) }),
    t('emails:paymentReceipt.amount', { amount: ui.money(d.amount, d.currency) }),
    t('emails:paymentReceipt.method', { method: t(`receipts:methods.${d.method}`) }),
  ];
}

function invoiceLines(ui: Ui, d: PaymentReceiptData): string[] {
  return d.invoices.map((i) => ui.t('emails:paymentReceipt.invoice_line', { number: i.number, amount: ui.money(i.amount, d.currency) }));
}

/** The receipt of a payment: what was paid, when, for which invoices, and any credit kept. */
export const paymentReceipt: EmailTemplate<PaymentReceiptData> = {
  subject: (t, d, env) => t('emails:paymentReceipt.subject', { firm: env.firmName, number: d.receiptNumber, test: d.testMode ? `[${t('pay:test_mode')}] ` : '' }),
  html: (ui, d, env) => (
    <>
      {d.testMode ? <P><strong>{ui.t('pay:test_mode')}</strong> · {ui.t('pay:test_mode_note')}</P> : null}
      <P>{ui.t('emails:greeting', { name: d.payerName })}</P>
      <P>{ui.t('emails:paymentReceipt.intro', { firm: env.firmName, amount: ui.money(d.amount, d.currency), client: d.clientName })}</P>
      <P>{lines(ui, d).map((l) => <>{l}<br /></>)}</P>
      {d.invoices.length > 0 ? (
        <>
          <P>{ui.t('emails:paymentReceipt.invoices_title')}</P>
          <P>{invoiceLines(ui, d).map((l) => <>{l}<br /></>)}</P>
        </>
      ) : null}
      {d.credit > 0 ? <P>{ui.t('emails:paymentReceipt.credit', { amount: ui.money(d.credit, d.currency) })}</P> : null}
      {d.link ? <EmailButton ui={ui} href={d.link} label={ui.t('emails:paymentReceipt.action')} /> : null}
      <P muted>{ui.t('emails:paymentReceipt.thanks')}</P>
    </>
  ),
  text: (ui, d, env) =>
    textParagraphs(
      d.testMode ? `${ui.t('pay:test_mode')} · ${ui.t('pay:test_mode_note')}` : null,
      ui.t('emails:greeting', { name: d.payerName }),
      ui.t('emails:paymentReceipt.intro', { firm: env.firmName, amount: ui.money(d.amount, d.currency), client: d.clientName }),
      lines(ui, d).join('\n'),
      d.invoices.length > 0 ? `${ui.t('emails:paymentReceipt.invoices_title')}\n${invoiceLines(ui, d).join('\n')}` : null,
      d.credit > 0 ? ui.t('emails:paymentReceipt.credit', { amount: ui.money(d.credit, d.currency) }) : null,
      d.link ? `${ui.t('emails:paymentReceipt.action')}: ${d.link}` : null,
      ui.t('emails:paymentReceipt.thanks'),
    ),
};
