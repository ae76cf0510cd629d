import type { CheckoutPreview } from '../../src/payments-online/checkout.js';
import type { PortalView } from '../../src/portal/context.js';
import type { Ui } from '../../src/web/ui.js';
import type { FlashMessage } from '../components/flash.js';
import { DateText, Money } from '../components/money.js';
import { PortalLayout } from '../layouts/portal.js';
import { BankTransferInstructions } from './bank-instructions.js';
import { TestModeBadge, TestModeBanner } from './test-mode.js';

/** What is being paid: the whole amount due, or one invoice. */
export type PayTarget = { kind: 'all' } | { kind: 'invoice'; id: number; number: string | null };

/** Where a pay page's card form posts. */
export function payAction(base: string, target: PayTarget): string {
  return target.kind === 'all' ? `${base}/pay` : `${base}/invoices/${target.id}/pay`;
}

/**
 * <base>/pay and <base>/invoices/:id/pay: the invoices the payment settles (oldest due first), the
 * total, and the ways to pay it (card through the gateway in force, bank transfer instructions).
 * The form carries no amount: the server computes it again when it is posted.
 */
export function PayPage(props: { ui: Ui; portal: PortalView; target: PayTarget; preview: CheckoutPreview | null; flash?: FlashMessage | null }) {
  const { ui, portal: p, target, preview } = props;
  const { t } = ui;
  const title = target.kind === 'all' ? t('pay:title_all') : t('pay:title_invoice', { number: target.number ?? `#${target.id}` });
  const back = target.kind === 'all' ? p.base || '/' : `${p.base}/invoices/${target.id}`;
  const disabled = p.preview ? true : undefined;
  return (
    <PortalLayout ui={ui} portal={p} title={title} section={target.kind === 'all' ? 'dashboard' : 'invoices'} flash={props.flash ?? null}>
      <h1>{title}</h1>
      {preview?.card?.testMode ? <TestModeBanner ui={ui} /> : null}
      {!preview || preview.invoices.length === 0 ? (
        <p class="empty">{t('pay:nothing_due')}</p>
      ) : (
        <>
          <p>{t('pay:intro', { count: preview.invoices.length })}</p>
          <table class="responsive pay-invoices">
            <thead>
              <tr>
                <th scope="col">{t('pay:columns.invoice')}</th>
                <th scope="col">{t('pay:columns.due_date')}</th>
                <th scope="col" class="num">{t('pay:columns.balance')}</th>
              </tr>
            </thead>
            <tbody>
              {preview.invoices.map((i) => (
                <tr>
                  <td data-label={t('pay:columns.invoice')}><a href={`${p.base}/invoices/${i.id}`}>{i.number ?? `#${i.id}`}</a></td>
                  <td data-label={t('pay:columns.due_date')}><DateText ui={ui} date={i.dueDate} /></td>
                  <td class="num" data-label={t('pay:columns.balance')}><Money ui={ui} minor={i.amount} currency={preview.currency} /></td>
                </tr>
              ))}
            </tbody>
            <tfoot>
              <tr>
                <th scope="row">{t('pay:total')}</th>
                <td />
                <td class="num" data-figure="pay_total"><Money ui={ui} minor={preview.amount} currency={preview.currency} /></td>
              </tr>
            </tfoot>
          </table>
          {preview.card ? (
            <section aria-labelledby="pay-card-h" class="pay-method">
              <h2 id="pay-card-h">{t('pay:card.title')} {preview.card.testMode ? <TestModeBadge ui={ui} /> : null}</h2>
              <p class="hint">{t(preview.card.testMode ? 'pay:card.hint_test' : 'pay:card.hint_stripe')}</p>
              <form method="post" action={payAction(p.base, target)} class="pay-form">
                <button type="submit" class="primary" disabled={disabled}>
                  {t('pay:card.button', { amount: ui.money(preview.amount, preview.currency) })}
                </button>
              </form>
            </section>
          ) : null}
          {preview.bank ? <BankTransferInstructions ui={ui} bank={preview.bank} /> : null}
          {!preview.card && !preview.bank ? <p class="flash flash-info" role="status">{t('pay:no_method')}</p> : null}
        </>
      )}
      <p class="actions"><a href={back}>{t(target.kind === 'all' ? 'pay:back_dashboard' : 'pay:back_invoice')}</a></p>
    </PortalLayout>
  );
}
