import type { BankInstructions } from '../../src/gateways/gateway.js';
import type { Ui } from '../../src/web/ui.js';
import { Money } from '../components/money.js';

/** The firm's bank details and the reference to quote; staff record the transfer when it arrives. */
export function BankTransferInstructions(props: { ui: Ui; bank: BankInstructions }) {
  const { ui, bank } = props;
  const { t } = ui;
  return (
    <section aria-labelledby="pay-bank-h" class="pay-method bank-transfer">
      <h2 id="pay-bank-h">{t('pay:bank.title')}</h2>
      <p class="hint">{t('pay:bank.hint')}</p>
      <dl class="details">
        <dt>{t('pay:bank.beneficiary')}</dt>
        <dd>{bank.beneficiary}</dd>
        <dt>{t('pay:bank.iban')}</dt>
        <dd><code data-field="iban">{bank.iban}</code></dd>
        {bank.bic ? <><dt>{t('pay:bank.bic')}</dt><dd><code>{bank.bic}</code></dd></> : null}
        {bank.bankName ? <><dt>{t('pay:bank.bank_name')}</dt><dd>{bank.bankName}</dd></> : null}
        <dt>{t('pay:bank.amount')}</dt>
        <dd><Money ui={ui} minor={bank.amount} currency={bank.currency} /></dd>
        <dt>{t('pay:bank.reference')}</dt>
        <dd><code data-field="reference">{bank.reference}</code></dd>
        <dt>{t('pay:bank.invoices')}</dt>
        <dd>{bank.invoiceNumbers.join(', ')}</dd>
      </dl>
      <p class="hint">{t('pay:bank.after')}</p>
    </section>
  );
}
