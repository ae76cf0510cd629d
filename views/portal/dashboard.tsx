import type { PortalView } from '../../src/portal/context.js';
import { mayView, VISIBILITY_KEYS } from '../../src/portal-access/visibility.js';
import type { Ui } from '../../src/web/ui.js';
import { PortalLayout } from '../layouts/portal.js';

/** The portal's first page after sign-in. */
export function PortalDashboard(props: { ui: Ui; portal: PortalView }) {
  const { t } = props.ui;
  const p = props.portal;
  const visible = VISIBILITY_KEYS.filter((k) => k !== 'balances' && mayView(p.access, p.settings, k));
  return (
    <PortalLayout ui={props.ui} portal={p} title={t('portal:dashboard.title')} section="dashboard">
      <h1>{t('portal:dashboard.welcome', { name: p.user.name })}</h1>
      <p>{t('portal:dashboard.account_of', { client: p.client.name })}</p>
      {visible.length === 0 ? (
        <p class="empty">{t('portal:dashboard.nothing_shared', { firm: p.firmName })}</p>
      ) : (
        <section aria-labelledby="shared-h">
          <h2 id="shared-h">{t('portal:dashboard.shared_with_you')}</h2>
          <ul class="shared-list">
            {visible.map((k) => <li>{t(`portal:sections.${k}`)}</li>)}
          </ul>
        </section>
      )}
    </PortalLayout>
  );
}
