import type { OpenInvoice } from '../../src/ledger/ledger.js';
import type { Ui } from '../../src/web/ui.js';
import type { FieldErrors } from '../components/form.js';
import { DateText, Money } from '../components/money.js';

/** Name of the form input holding the amount to apply to one invoice. */
export function allocationInputName(invoiceId: number): string {
  return `alloc_${invoiceId}`;
}

/** The open invoices of a client, oldest due first, each with an amount-to-apply input (empty = automatic). */
export function AllocationInputs(props: { ui: Ui; invoices: OpenInvoice[]; currency: string; values: Record<string, string>; errors: FieldErrors }) {
  const { t } = props.ui;
  return (
    <table class="responsive allocation-inputs">
      <thead>
        <tr>
          <th scope="col">{t('payments:invoice.number')}</th>
          <th scope="col">{t('payments:invoice.issue_date')}</th>
          <th scope="col">{t('payments:invoice.due_date')}</th>
          <th scope="col" class="num">{t('payments:invoice.balance')}</th>
          <th scope="col" class="num">{t('payments:invoice.apply')}</th>
        </tr>
      </thead>
      <tbody>
        {props.invoices.map((inv) => {
          const name = allocationInputName(inv.id);
          const id = `f-${name}`;
          const label = inv.number ?? `#${inv.id}`;
          const error = props.errors[name];
          return (
            <tr class={error ? 'has-error' : undefined}>
              <td data-label={t('payments:invoice.number')}><a href={`/invoices/${inv.id}`}>{label}</a></td>
              <td data-label={t('payments:invoice.issue_date')}><DateText ui={props.ui} date={inv.issueDate} /></td>
              <td data-label={t('payments:invoice.due_date')}><DateText ui={props.ui} date={inv.dueDate} /></td>
              <td class="num" data-label={t('payments:invoice.balance')}><Money ui={props.ui} minor={inv.balance} currency={props.currency} /></td>
              <td class="num" data-label={t('payments:invoice.apply')}>
                <label for={id} class="visually-hidden">{t('payments:form.apply_amount', { number: label })}</label>
                <input
                  id={id}
                  name={name}
                  type="text"
                  inputmode="decimal"
                  size={12}
                  value={props.values[name] ?? ''}
                  aria-invalid={error ? 'true' : undefined}
                  aria-describedby={error ? `${id}-error` : undefined}
                />
                {error ? <p class="error" id={`${id}-error`}>{t(error)}</p> : null}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
