import type { EmailTemplate } from '../../src/mail/template-types.js';
import { EmailButton, P, textParagraphs } from './layout.js';

/** Data of 'notice': already-translated text from the caller, for mails that need no template of their own. */
export interface NoticeData {
  heading: string;
  paragraphs: string[];
  action?: { label: string; url: string } | undefined;
}

/** A generic message: heading, paragraphs and an optional button. */
export const notice: EmailTemplate<NoticeData> = {
  subject: (t, d, env) => t('emails:notice.subject', { firm: env.firmName, heading: d.heading }),
  html: (ui, d) => (
    <>
      <h1 style="margin:0 0 16px;font-size:20px;line-height:1.3;">{d.heading}</h1>
      {d.paragraphs.map((p) => (
        <P>{p}</P>
      ))}
      {d.action ? <EmailButton ui={ui} href={d.action.url} label={d.action.label} /> : null}
    </>
  ),
  text: (_ui, d) => textParagraphs(d.heading, ...d.paragraphs, d.action ? `${d.action.label}: ${d.action.url}` : null),
};
