import type { Child } from 'hono/jsx';
import type { EmailEnv } from '../../src/mail/template-types.js';
import type { Ui } from '../../src/web/ui.js';
import { contactLines } from '../../src/brand/service.js';

// Emails are read in mail clients, not under our CSP: inline styles and tables are the portable way.
const FONT = "-apple-system, 'Segoe UI', Roboto, Helvetica, Arial, sans-serif";

/** The shared email document: firm name on top, the message, then "sent by <firm> via Stoa". */
export function EmailLayout(props: { ui: Ui; env: EmailEnv; title: string; children: Child }) {
  const { ui, env } = props;
  const contact = env.brand ? contactLines(env.brand.brand, ui.t) : [];
  return (
    <html lang={ui.lang}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{props.title}</title>
      </head>
      <body style={`margin:0;padding:0;background:#f4f4f5;color:#18181b;font-family:${FONT};`}>
        <table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="background:#f4f4f5;">
          <tr>
            <td align="center" style="padding:24px 12px;">
              <table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="max-width:560px;background:#ffffff;border:1px solid #e4e4e7;border-radius:8px;">
                <tr>
                  <td style={`padding:18px 28px;border-bottom:3px solid ${env.brand?.brand.accent_color ?? '#e4e4e7'};font-size:18px;font-weight:bold;`}>
                    {env.brand?.logoUrl ? <img src={env.brand.logoUrl} alt="" height="40" style="display:block;max-height:40px;max-width:200px;margin:0 0 8px;border:0;" /> : null}
                    {env.firmName}
                  </td>
                </tr>
                <tr>
                  <td style="padding:24px 28px;font-size:15px;line-height:1.55;">{props.children}</td>
                </tr>
                <tr>
                  <td style="padding:14px 28px;border-top:1px solid #e4e4e7;font-size:12px;line-height:1.5;color:#71717a;">
                    {ui.t('emails:layout.footer', { firm: env.firmName })} {ui.t('emails:layout.automatic')}
                    {contact.map((line) => <><br />{line}</>)}
                  </td>
                </tr>
              </table>
            </td>
          </tr>
        </table>
      </body>
    </html>
  );
}

/** A paragraph of an email body. */
export function P(props: { children: Child; muted?: boolean }) {
  return <p style={props.muted ? 'margin:0 0 14px;color:#52525b;font-size:13px;' : 'margin:0 0 14px;'}>{props.children}</p>;
}

/** The one call to action of an email, with the address spelled out for clients that drop buttons. */
export function EmailButton(props: { ui: Ui; href: string; label: string }) {
  return (
    <>
      <p style="margin:20px 0;">
        <a href={props.href} style="display:inline-block;padding:11px 20px;background:#1d4ed8;color:#ffffff;text-decoration:none;border-radius:6px;font-weight:bold;">
          {props.label}
        </a>
      </p>
      <p style="margin:0 0 14px;color:#52525b;font-size:13px;word-break:break-all;">
        {props.ui.t('emails:layout.linkFallback')} <a href={props.href} style="color:#1d4ed8;">{props.href}</a>
      </p>
    </>
  );
}

/** Joins the paragraphs of a plain-text body with blank lines, skipping empty ones. */
export function textParagraphs(...paragraphs: (string | null | undefined | false)[]): string {
  return paragraphs.filter((p): p is string => typeof p === 'string' && p !== '').join('\n\n');
}

/** The plain-text footer under every body. */
export function textFooter(ui: Ui, env: EmailEnv): string {
  const contact = env.brand ? contactLines(env.brand.brand, ui.t) : [];
  return [`-- \n${ui.t('emails:layout.footer', { firm: env.firmName })} ${ui.t('emails:layout.automatic')}`, ...contact].join('\n');
}
