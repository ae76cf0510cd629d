import type { EmailTemplate } from '../../src/mail/template-types.js';
import { EmailButton, P, textParagraphs } from './layout.js';

/** Data of 'portal-password-reset'. */
export interface PortalPasswordResetData {
  name: string;
  /** Absolute URL of the reset page (single-use token inside). */
  link: string;
  expiresInMinutes: number;
}

/** A portal user asked to reset their password. */
export const portalPasswordReset: EmailTemplate<PortalPasswordResetData> = {
  subject: (t, _d, env) => t('emails:portalPasswordReset.subject', { firm: env.firmName }),
  html: (ui, d) => (
    <>
      <P>{ui.t('emails:greeting', { name: d.name })}</P>
      <P>{ui.t('emails:portalPasswordReset.intro')}</P>
      <EmailButton ui={ui} href={d.link} label={ui.t('emails:portalPasswordReset.action')} />
      <P muted>{ui.t('emails:portalPasswordReset.expires', { count: d.expiresInMinutes })}</P>
      <P muted>{ui.t('emails:portalPasswordReset.notYou')}</P>
    </>
  ),
  text: (ui, d) =>
    textParagraphs(
      ui.t('emails:greeting', { name: d.name }),
      ui.t('emails:portalPasswordReset.intro'),
      `${ui.t('emails:portalPasswordReset.action')}: ${d.link}`,
      ui.t('emails:portalPasswordReset.expires', { count: d.expiresInMinutes }),
      ui.t('emails:portalPasswordReset.notYou'),
    ),
};
