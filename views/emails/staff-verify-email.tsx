import type { EmailTemplate } from '../../src/mail/template-types.js';
import { EmailButton, P, textParagraphs } from './layout.js';

/** Data of 'staff-verify-email'. */
export interface StaffVerifyEmailData {
  name: string;
  /** Absolute URL that confirms the address (single-use token inside). */
  link: string;
}

/** Asks a staff member to confirm their email address (needed before sending invitations). */
export const staffVerifyEmail: EmailTemplate<StaffVerifyEmailData> = {
  subject: (t, _d, env) => t('emails:staffVerifyEmail.subject', { firm: env.firmName }),
  html: (ui, d) => (
    <>
      <P>{ui.t('emails:greeting', { name: d.name })}</P>
      <P>{ui.t('emails:staffVerifyEmail.intro')}</P>
      <EmailButton ui={ui} href={d.link} label={ui.t('emails:staffVerifyEmail.action')} />
      <P muted>{ui.t('emails:staffVerifyEmail.notYou')}</P>
    </>
  ),
  text: (ui, d) =>
    textParagraphs(
      ui.t('emails:greeting', { name: d.name }),
      ui.t('emails:staffVerifyEmail.intro'),
      `${ui.t('emails:staffVerifyEmail.action')}: ${d.link}`,
      ui.t('emails:staffVerifyEmail.notYou'),
    ),
};
