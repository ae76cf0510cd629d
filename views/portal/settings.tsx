import type { PortalView } from '../../src/portal/context.js';
import { mayAct } from '../../src/portal-access/visibility.js';
import { DEFAULT_NOTIFY_PREFS, type NotifyPrefs } from '../../src/portal/notify-prefs.js';
import type { Ui } from '../../src/web/ui.js';
import type { FlashMessage } from '../components/flash.js';
import { ErrorSummary, Field, type FieldErrors } from '../components/form.js';
import { PortalLayout } from '../layouts/portal.js';
import { NotificationPrefsSection } from './notification-prefs.js';

/** What the settings page was asked to show: field errors of one of its forms, or a block. */
export interface PortalSettingsState {
  passwordErrors?: FieldErrors;
  languageErrors?: FieldErrors;
  tooMany?: { minutes: number } | null;
  flash?: FlashMessage | null;
  /** The member's email choices (defaults when not given). */
  notify?: NotifyPrefs;
  notifyErrors?: FieldErrors;
}

/**
 * The member's own settings: password and portal language. While a generated password must be
 * changed, only the password form is shown. In a staff preview every control is disabled.
 */
export function PortalSettingsPage(props: { ui: Ui; portal: PortalView; state?: PortalSettingsState }) {
  const { t } = props.ui;
  const p = props.portal;
  const s = props.state ?? {};
  const disabled = p.preview ? true : undefined;
  const mustChange = p.user.mustChangePassword;
  return (
    <PortalLayout ui={props.ui} portal={p} title={t('portal_auth:settings.title')} section="settings" flash={s.flash ?? null}>
      <h1>{t('portal_auth:settings.title')}</h1>
      {mustChange ? <p class="flash flash-info" role="status">{t('portal_auth:settings.must_change')}</p> : null}

      <section aria-labelledby="password-h" class="settings-section">
        <h2 id="password-h">{t('portal_auth:settings.password_title')}</h2>
        {s.tooMany ? (
          <div class="error-summary" role="alert"><p>{t('portal_auth:settings.blocked', { minutes: s.tooMany.minutes })}</p></div>
        ) : (
          <ErrorSummary ui={props.ui} errors={s.passwordErrors} />
        )}
        <form method="post" action={`${p.base}/settings/password`}>
          <fieldset disabled={disabled} class="plain">
            <input type="hidden" name="username" value={p.user.email} autocomplete="username" />
            <Field ui={props.ui} name="current_password" type="password" label={t('portal_auth:current_password')} errors={s.passwordErrors} required autocomplete="current-password" />
            <Field ui={props.ui} name="password" type="password" label={t('portal_auth:new_password')} errors={s.passwordErrors} required autocomplete="new-password" hint={t('portal_auth:password_hint')} />
            <Field ui={props.ui} name="password_confirm" type="password" label={t('portal_auth:confirm_password')} errors={s.passwordErrors} required autocomplete="new-password" />
            <p class="hint">{t('portal_auth:settings.password_effect')}</p>
            <button type="submit" class="primary">{t('portal_auth:settings.change_password')}</button>
          </fieldset>
        </form>
      </section>

      {mustChange ? null : (
        <section aria-labelledby="language-h" class="settings-section">
          <h2 id="language-h">{t('portal_auth:settings.language_title')}</h2>
          <ErrorSummary ui={props.ui} errors={s.languageErrors} />
          <form method="post" action={`${p.base}/language`}>
            <fieldset disabled={disabled} class="plain">
              <input type="hidden" name="back" value={`${p.base}/settings`} />
              <div class={s.languageErrors?.language ? 'field has-error' : 'field'}>
                <label for="f-settings-language">{t('portal_auth:settings.language_label')}</label>
                <select id="f-settings-language" name="language" aria-invalid={s.languageErrors?.language ? 'true' : undefined} aria-describedby={s.languageErrors?.language ? 'f-settings-language-error' : undefined}>
                  <option value="el" selected={p.user.language === 'el'} lang="el">Ελληνικά</option>
                  <option value="en" selected={p.user.language === 'en'} lang="en">English</option>
                </select>
                {s.languageErrors?.language ? <p class="error" id="f-settings-language-error">{t(s.languageErrors.language)}</p> : null}
              </div>
              <p class="hint">{t('portal_auth:settings.language_effect')}</p>
              <button type="submit" class="secondary">{t('portal_auth:settings.save_language')}</button>
            </fieldset>
          </form>
        </section>
      )}

      {mustChange ? null : <NotificationPrefsSection ui={props.ui} portal={p} prefs={s.notify ?? DEFAULT_NOTIFY_PREFS} errors={s.notifyErrors} />}

      {!mustChange && mayAct(p.access, p.settings, 'pay') ? (
        <section aria-labelledby="payment-methods-h" class="settings-section">
          <h2 id="payment-methods-h">{t('pay:methods.title')}</h2>
          <p><a class="button" href={`${p.base}/settings/payment-methods`}>{t('pay:methods.manage')}</a></p>
        </section>
      ) : null}

      {!mustChange && mayAct(p.access, p.settings, 'edit_company') ? (
        <section aria-labelledby="company-h" class="settings-section">
          <h2 id="company-h">{t('portal_home:company.title')}</h2>
          <p>{t('portal_home:company.summary', { client: p.client.name })}</p>
          <p><a class="button" href={`${p.base}/settings/company`}>{t('portal_home:company.edit')}</a></p>
        </section>
      ) : null}
    </PortalLayout>
  );
}
