import type { PortalView } from '../../src/portal/context.js';
import { NOTIFY_EVENTS, type NotifyPrefs } from '../../src/portal/notify-prefs.js';
import type { Ui } from '../../src/web/ui.js';
import { ErrorSummary, type FieldErrors } from '../components/form.js';

/** The settings page's "email me when…" checkboxes (a hidden 0 before each, so unticking is sent). Disabled in a staff preview. */
export function NotificationPrefsSection(props: { ui: Ui; portal: PortalView; prefs: NotifyPrefs; errors?: FieldErrors }) {
  const { t } = props.ui;
  const p = props.portal;
  const disabled = p.preview ? true : undefined;
  return (
    <section aria-labelledby="notify-h" class="settings-section">
      <h2 id="notify-h">{t('portal_home:notify.title')}</h2>
      <ErrorSummary ui={props.ui} errors={props.errors} />
      <form method="post" action={`${p.base}/settings/notifications`}>
        <fieldset disabled={disabled} class="plain notify-prefs">
          <legend>{t('portal_home:notify.legend')}</legend>
          {NOTIFY_EVENTS.map((e) => (
            <div class="field checkbox">
              <input type="hidden" name={`notify_${e}`} value="0" />
              <label>
                <input type="checkbox" name={`notify_${e}`} value="1" checked={props.prefs[e]} />{' '}
                {t(`portal_home:notify.events.${e}`)}
              </label>
            </div>
          ))}
          <button type="submit" class="secondary">{t('portal_home:notify.save')}</button>
        </fieldset>
      </form>
    </section>
  );
}
