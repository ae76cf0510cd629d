import type { SavedMethod } from '../../src/gateways/gateway.js';
import type { PortalView } from '../../src/portal/context.js';
import type { Ui } from '../../src/web/ui.js';
import type { FlashMessage } from '../components/flash.js';
import { PortalLayout } from '../layouts/portal.js';

/** <base>/settings/payment-methods: the cards the provider keeps for this client, each removable. */
export function PaymentMethodsPage(props: { ui: Ui; portal: PortalView; methods: SavedMethod[] | null; flash?: FlashMessage | null }) {
  const { ui, portal: p } = props;
  const { t } = ui;
  const disabled = p.preview ? true : undefined;
  return (
    <PortalLayout ui={ui} portal={p} title={t('pay:methods.title')} section="settings" flash={props.flash ?? null}>
      <h1>{t('pay:methods.title')}</h1>
      {props.methods === null ? (
        <p class="empty">{t('pay:methods.unavailable')}</p>
      ) : props.methods.length === 0 ? (
        <p class="empty">{t('pay:methods.none')}</p>
      ) : (
        <table class="responsive saved-methods">
          <thead><tr><th scope="col">{t('pay:methods.card')}</th><th scope="col">{t('pay:methods.expires')}</th><th scope="col"><span class="visually-hidden">{t('pay:methods.actions')}</span></th></tr></thead>
          <tbody>
            {props.methods.map((m) => (
              <tr>
                <td data-label={t('pay:methods.card')}>{t('pay:methods.card_label', { brand: m.brand.toUpperCase(), last4: m.last4 })}</td>
                <td data-label={t('pay:methods.expires')}>{m.expMonth && m.expYear ? `${String(m.expMonth).padStart(2, '0')}/${m.expYear}` : '—'}</td>
                <td>
                  <form method="post" action={`${p.base}/settings/payment-methods/remove`} data-confirm={t('pay:methods.remove_confirm')}>
                    <input type="hidden" name="payment_method" value={m.id} />
                    <button type="submit" class="secondary small" disabled={disabled}>{t('pay:methods.remove')}</button>
                  </form>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <p class="hint">{t('pay:methods.hint')}</p>
      <p class="actions"><a href={`${p.base}/settings`}>{t('pay:methods.back')}</a></p>
    </PortalLayout>
  );
}
