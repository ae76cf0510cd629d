import type { EmailTemplate } from '../../src/mail/template-types.js';
import { EmailButton, P, textParagraphs } from './layout.js';

/** Data of 'portal-invitation-accepted' (sent to staff). */
export interface PortalInvitationAcceptedData {
  inviteeName: string;
  clientName: string;
  /** Absolute URL of the client's page for staff. */
  link: string;
}

/** Tells the inviting staff member that the invitee is in. */
export const portalInvitationAccepted: EmailTemplate<PortalInvitationAcceptedData> = {
  subject: (t, d, env) => t('emails:portalInvitationAccepted.subject', { firm: env.firmName, invitee: d.inviteeName, client: d.clientName }),
  html: (ui, d) => (
    <>
      <P>{ui.t('emails:portalInvitationAccepted.body', { invitee: d.inviteeName, client: d.clientName })}</P>
      <EmailButton ui={ui} href={d.link} label={ui.t('emails:portalInvitationAccepted.action')} />
    </>
  ),
  text: (ui, d) =>
    textParagraphs(
      ui.t('emails:portalInvitationAccepted.body', { invitee: d.inviteeName, client: d.clientName }),
      `${ui.t('emails:portalInvitationAccepted.action')}: ${d.link}`,
    ),
};
