import type { ClientPortalSettings } from '../../src/portal-access/settings.js';
import type { Ui } from '../../src/web/ui.js';
import { ClientVisibilityFields } from './visibility-fields.js';

/** The client Portal tab's "what this client sees" section: inherit / show / hide per setting. */
export function ClientVisibilitySection(props: { ui: Ui; clientId: number; settings: ClientPortalSettings }) {
  const { t } = props.ui;
  return (
    <section class="client-visibility" aria-labelledby="visibility-h">
      <h2 id="visibility-h">{t('portal_setup:client.caption')}</h2>
      <form method="post" action={`/clients/${props.clientId}/portal-settings`}>
        <ClientVisibilityFields ui={props.ui} overrides={props.settings.overrides} defaults={props.settings.defaults} />
        <p class="actions">
          <button type="submit" class="primary">{t('portal_setup:client.save')}</button>
          <a href={`/preview/${props.clientId}/0`}>{t('preview:title')}</a>
        </p>
      </form>
    </section>
  );
}
