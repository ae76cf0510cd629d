import type { EmailTemplate } from '../../src/mail/template-types.js';
import { P, textParagraphs } from './layout.js';

/** Data of 'portal-password-changed'. */
export interface PortalPasswordChangedData {
  name: string;
  /** ISO timestamp of the change. */
  when: string;
}

/** Notice that a portal password was changed (so an owner notices a takeover). */
export const portalPasswordChanged: EmailTemplate<PortalPasswordChangedData> = {
  subject: (t, _d, env) => t('emails:portalPasswordChanged.subject', { firm: env.firmName }),
  html: (ui, d, env) => (
    <>
      <P>{ui.t('emails:greeting', { name: d.name })}</P>
      <P>{ui.t('emails:portalPasswordChanged.body', { when: ui.dateTime(d.when) })}</P>
      <P>{ui.t('emails:portalPasswordChanged.notYou', { firm: env.firmName })}</P>
    </>
  ),
  text: (ui, d, env) =>
    textParagraphs(
      ui.t('emails:greeting', { name: d.name }),
      ui.t('emails:portalPasswordChanged.body', { when: ui.dateTime(d.when) }),
      ui.t('emails:portalPasswordChanged.notYou', { firm: env.firmName }),
    ),
};
