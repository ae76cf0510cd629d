import type { StaffUser } from '../../src/db/schema.js';
import { logoPath, type StoredLogo } from '../../src/brand/service.js';
import type { Ui } from '../../src/web/ui.js';
import { ErrorSummary, Field, TextArea, type FieldErrors } from './form.js';
import type { FlashMessage } from './flash.js';
import { StaffLayout } from '../layouts/staff.js';

/** The brand form's text fields. */
export interface BrandForm { accent_color: string; address: string; phone: string; email: string; vat_number: string; website: string }

function LogoInput(props: { ui: Ui; logo: StoredLogo | null; errors?: FieldErrors | undefined; alt: string }) {
  const { t } = props.ui;
  const error = props.errors?.logo;
  return (
    <div class={error ? 'field has-error' : 'field'}>
      {props.logo ? <p class="brand-logo-current"><img src={logoPath(props.logo)} alt={props.alt} class="brand-logo" /></p> : null}
      <label for="f-logo">{t('brand:fields.logo')}</label>
      <input id="f-logo" type="file" name="logo" accept="image/png,image/jpeg,image/webp" aria-invalid={error ? 'true' : undefined}
        aria-describedby={error ? 'f-logo-hint f-logo-error' : 'f-logo-hint'} />
      <p class="hint" id="f-logo-hint">{t('brand:fields.logo_hint')}</p>
      {error ? <p class="error" id="f-logo-error">{t(error)}</p> : null}
      {props.logo ? (
        <p>
          <input type="checkbox" id="f-remove-logo" name="remove_logo" value="1" /> <label for="f-remove-logo">{t('brand:fields.remove_logo')}</label>
        </p>
      ) : null}
    </div>
  );
}

/** Settings → Brand: logo, accent colour and contact details shown on the portal, emails and PDFs. */
export function BrandSettingsPage(props: { ui: Ui; staff: StaffUser; values: BrandForm; logo: StoredLogo | null; errors?: FieldErrors; flash?: FlashMessage | null }) {
  const { t } = props.ui;
  const admin = props.staff.role === 'admin';
  const v = props.values;
  return (
    <StaffLayout ui={props.ui} staff={props.staff} title={t('brand:title')} section="settings" flash={props.flash}>
      <h1>{t('settings:title')}</h1>
      <nav class="tabs" aria-label={t('settings:nav_label')}>
        <ul>
          <li><a href="/settings">{t('settings:firm_tab')}</a></li>
          <li><a href="/settings/brand" aria-current="page">{t('brand:tab')}</a></li>
          <li><a href="/settings/portal">{t('settings:portal_tab')}</a></li>
        </ul>
      </nav>
      {!admin ? <p class="flash flash-info">{t('settings:admins_only')}</p> : null}
      <ErrorSummary ui={props.ui} errors={props.errors} />
      <form method="post" action="/settings/brand" enctype="multipart/form-data">
        <fieldset disabled={!admin}>
          <legend>{t('brand:legend')}</legend>
          <p class="hint">{t('brand:intro')}</p>
          <LogoInput ui={props.ui} logo={props.logo} errors={props.errors} alt={t('brand:logo_alt')} />
          <Field ui={props.ui} name="accent_color" type="color" label={t('brand:fields.accent_color')} value={v.accent_color} errors={props.errors} hint={t('brand:fields.accent_hint')} />
          <TextArea ui={props.ui} name="address" label={t('brand:fields.address')} value={v.address} errors={props.errors} rows={3} maxlength={500} />
          <div class="form-grid">
            <Field ui={props.ui} name="phone" type="tel" label={t('brand:fields.phone')} value={v.phone} errors={props.errors} maxlength={200} autocomplete="tel" />
            <Field ui={props.ui} name="email" type="email" label={t('brand:fields.email')} value={v.email} errors={props.errors} maxlength={200} />
            <Field ui={props.ui} name="vat_number" label={t('brand:fields.vat_number')} value={v.vat_number} errors={props.errors} maxlength={200} />
            <Field ui={props.ui} name="website" type="url" label={t('brand:fields.website')} value={v.website} errors={props.errors} maxlength={200} hint={t('brand:fields.website_hint')} />
          </div>
          <button type="submit" class="primary">{t('common:save')}</button>
        </fieldset>
      </form>
    </StaffLayout>
  );
}

/** A client's own logo for their portal (upload, replace, remove). */
export function ClientLogoPage(props: { ui: Ui; staff: StaffUser; client: { id: number; name: string }; logo: StoredLogo | null; errors?: FieldErrors; flash?: FlashMessage | null }) {
  const { t } = props.ui;
  return (
    <StaffLayout ui={props.ui} staff={props.staff} title={t('brand:client_logo.title', { name: props.client.name })} section="clients" flash={props.flash}>
      <p><a href={`/clients/${props.client.id}/portal`}>{t('brand:client_logo.back')}</a></p>
      <h1>{t('brand:client_logo.title', { name: props.client.name })}</h1>
      <p class="hint">{t('brand:client_logo.intro')}</p>
      <ErrorSummary ui={props.ui} errors={props.errors} />
      <form method="post" action={`/clients/${props.client.id}/portal/logo`} enctype="multipart/form-data">
        <LogoInput ui={props.ui} logo={props.logo} errors={props.errors} alt={t('brand:client_logo.alt', { name: props.client.name })} />
        <button type="submit" class="primary">{t('common:save')}</button>
      </form>
    </StaffLayout>
  );
}

/**
 * The brand in a portal header: the client's own logo, else the firm's, and the firm's name
 * (the text beside it names the firm, so the image itself is decorative: empty alt). A link
 * to `href` when given; public pages without a home to link to show it as plain text.
 */
export function BrandMark(props: { href?: string; firmName: string; logo: StoredLogo | null }) {
  const inner = (
    <>
      {props.logo ? <img class="brand-logo" src={logoPath(props.logo)} alt="" /> : null}
      <span>{props.firmName}</span>
    </>
  );
  return props.href ? <a class="brand" href={props.href}>{inner}</a> : <span class="brand">{inner}</span>;
}

/**
 * The language picker of signed-in staff pages: a POST that stores the choice on the staff
 * member (every device, every session) and returns to `back`, this page.
 */
export function StaffLanguageForm(props: { ui: Ui; back?: string | undefined }) {
  const { t } = props.ui;
  return (
    <form method="post" action="/me/language" class="lang-switch">
      {props.back ? <input type="hidden" name="back" value={props.back} /> : null}
      <label for="staff-lang" class="visually-hidden">{t('brand:language.label')}</label>
      <select id="staff-lang" name="language" data-autosubmit>
        <option value="el" selected={props.ui.lang === 'el'} lang="el">Ελληνικά</option>
        <option value="en" selected={props.ui.lang === 'en'} lang="en">English</option>
      </select>
      <button type="submit" class="secondary small">{t('brand:language.change')}</button>
    </form>
  );
}
