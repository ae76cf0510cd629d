import type { EmailTemplate } from '../../src/mail/template-types.js';
import type { Ui } from '../../src/web/ui.js';
import { EmailButton, P, textParagraphs } from './layout.js';

/** Data of 'payment-received' (sent to staff): an online payment was recorded, needs a look, or was refunded. */
export interface PaymentReceivedData {
  kind: 'received' | 'anomaly' | 'refunded';
  clientName: string;
  payerName: string;
  amount: number;
  currency: string;
  /** The receipt's number, once a payment was recorded. */
  receiptNumber?: string | undefined;
  /** Money of the payment kept as client credit. */
  credit: number;
  testMode: boolean;
  /** Absolute URL of the staff page to look at. */
  link: string;
}

function body(ui: Ui, d: PaymentReceivedData): string {
  const values = { client: d.clientName, payer: d.payerName, amount: ui.money(d.amount, d.currency), number: d.receiptNumber ?? '' };
  return ui.t(`emails:paymentReceived.${d.kind}`, values);
}

/** Tells staff about an online payment: recorded (with its receipt), refused as an anomaly, or refunded at the provider. */
export const paymentReceived: EmailTemplate<PaymentReceivedData> = {
  subject: (t, d, env) => t(`emails:paymentReceived.subject_${d.kind}`, { firm: env.firmName, client: d.clientName, test: d.testMode ? `[${t('pay:test_mode')}] ` : '' }),
  html: (ui, d) => (
    <>
      {d.testMode ? <P><strong>{ui.t('pay:test_mode')}</strong> · {ui.t('pay:test_mode_note')}</P> : null}
      <P>{body(ui, d)}</P>
      {d.credit > 0 ? <P>{ui.t('emails:paymentReceived.credit', { amount: ui.money(d.credit, d.currency) })}</P> : null}
      <EmailButton ui={ui} href={d.link} label={ui.t('emails:paymentReceived.action')} />
    </>
  ),
  text: (ui, d) =>
    textParagraphs(
      d.testMode ? `${ui.t('pay:test_mode')} · ${ui.t('pay:test_mode_note')}` : null,
      body(ui, d),
      d.credit > 0 ? ui.t('emails:paymentReceived.credit', { amount: ui.money(d.credit, d.currency) }) : null,
      `${ui.t('emails:paymentReceived.action')}: ${d.link}`,
    ),
};
