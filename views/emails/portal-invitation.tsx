import type { EmailTemplate } from '../../src/mail/template-types.js';
import { EmailButton, P, textParagraphs } from './layout.js';

/** Data of 'portal-invitation': a contact is invited to a client's portal. */
export interface PortalInvitationData {
  clientName: string;
  inviteeName: string;
  inviterName: string;
  /** link: set a password through the link; password: staff gave one; generated: it is in this email. */
  method: 'link' | 'password' | 'generated';
  /** Absolute URL to set the password (link) or to sign in (password, generated). */
  link: string;
  /** The generated password (method 'generated' only). */
  password?: string | undefined;
  /** ISO timestamp when the invitation expires. */
  expiresAt: string;
}

/** Invitation to the client portal, in the invitee's language. */
export const portalInvitation: EmailTemplate<PortalInvitationData> = {
  subject: (t, d, env) => t('emails:portalInvitation.subject', { firm: env.firmName, client: d.clientName }),
  html: (ui, d, env) => {
    const t = ui.t;
    return (
      <>
        <P>{t('emails:greeting', { name: d.inviteeName })}</P>
        <P>{t('emails:portalInvitation.intro', { inviter: d.inviterName, firm: env.firmName, client: d.clientName })}</P>
        <P>{t(`emails:portalInvitation.${d.method}.instruction`, { inviter: d.inviterName })}</P>
        {d.method === 'generated' && d.password ? (
          <p style="margin:0 0 14px;">
            {t('emails:portalInvitation.generated.passwordLabel')}:{' '}
            <code style="font-size:16px;padding:3px 8px;background:#f4f4f5;border:1px solid #e4e4e7;border-radius:4px;">{d.password}</code>
          </p>
        ) : null}
        {d.method === 'generated' ? <P>{t('emails:portalInvitation.generated.mustChange')}</P> : null}
        <EmailButton ui={ui} href={d.link} label={t(`emails:portalInvitation.${d.method}.action`)} />
        <P muted>{t('emails:portalInvitation.expires', { date: ui.dateTime(d.expiresAt) })}</P>
        <P muted>{t('emails:portalInvitation.notExpected')}</P>
      </>
    );
  },
  text: (ui, d, env) => {
    const t = ui.t;
    return textParagraphs(
      t('emails:greeting', { name: d.inviteeName }),
      t('emails:portalInvitation.intro', { inviter: d.inviterName, firm: env.firmName, client: d.clientName }),
      t(`emails:portalInvitation.${d.method}.instruction`, { inviter: d.inviterName }),
      d.method === 'generated' && d.password ? `${t('emails:portalInvitation.generated.passwordLabel')}: ${d.password}` : null,
      d.method === 'generated' ? t('emails:portalInvitation.generated.mustChange') : null,
      `${t(`emails:portalInvitation.${d.method}.action`)}: ${d.link}`,
      t('emails:portalInvitation.expires', { date: ui.dateTime(d.expiresAt) }),
      t('emails:portalInvitation.notExpected'),
    );
  },
};
