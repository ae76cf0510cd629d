import { PORTAL_SETTING_KEYS, type PortalDefaults, type PortalOverrides } from '../../src/portal-access/visibility.js';
import type { Ui } from '../../src/web/ui.js';

/** Firm-wide: one checkbox per setting, with what it shows. */
export function FirmVisibilityFields(props: { ui: Ui; values: PortalDefaults }) {
  const { t } = props.ui;
  return (
    <fieldset class="visibility">
      <legend>{t('portal_setup:firm.legend')}</legend>
      <p class="hint">{t('portal_setup:firm.hint')}</p>
      <ul class="checks">
        {PORTAL_SETTING_KEYS.map((key) => (
          <li>
            <input type="hidden" name={key} value="0" />
            <input type="checkbox" id={`vis-${key}`} name={key} value="1" checked={props.values[key]} />
            <label for={`vis-${key}`}>
              {t(`portal_setup:keys.${key}.label`)}
              <span class="hint"> — {t(`portal_setup:keys.${key}.hint`)}</span>
            </label>
          </li>
        ))}
      </ul>
    </fieldset>
  );
}

/** Per client: inherit / show / hide for each setting, saying what inheriting means today. */
export function ClientVisibilityFields(props: { ui: Ui; overrides: PortalOverrides; defaults: PortalDefaults }) {
  const { t } = props.ui;
  return (
    <table class="visibility-table">
      <caption>{t('portal_setup:client.caption')}</caption>
      <thead>
        <tr>
          <th scope="col">{t('portal_setup:client.setting')}</th>
          <th scope="col">{t('portal_setup:client.inherit')}</th>
          <th scope="col">{t('portal_setup:client.show')}</th>
          <th scope="col">{t('portal_setup:client.hide')}</th>
        </tr>
      </thead>
      <tbody>
        {PORTAL_SETTING_KEYS.map((key) => {
          const current = props.overrides[key];
          const choice = current === undefined ? 'inherit' : current ? 'show' : 'hide';
          const firm = props.defaults[key] ? t('portal_setup:client.firm_shows') : t('portal_setup:client.firm_hides');
          return (
            <tr>
              <th scope="row">
                {t(`portal_setup:keys.${key}.label`)}
                <span class="hint"> {t(`portal_setup:keys.${key}.hint`)}</span>
              </th>
              {(['inherit', 'show', 'hide'] as const).map((v) => (
                <td>
                  <label>
                    <input type="radio" name={key} value={v} checked={choice === v} aria-label={`${t(`portal_setup:keys.${key}.label`)}: ${v === 'inherit' ? firm : t(`portal_setup:client.${v}`)}`} />
                    <span class={v === 'inherit' ? undefined : 'visually-hidden'}>
                      {v === 'inherit' ? firm : t(`portal_setup:client.${v}`)}
                    </span>
                  </label>
                </td>
              ))}
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
