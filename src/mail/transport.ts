import { mkdir, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import nodemailer from 'nodemailer';
import type { Config } from '../config.js';
import type { MailRow } from '../db/schema.js';
import { emlFileName, splitAddresses } from './headers.js';

/** A message as the worker hands it to a transport (built from an outbox row). */
export interface OutboundMessage {
  id: number;
  messageId: string;
  from: string;
  to: string[];
  cc: string[];
  bcc: string[];
  subject: string;
  text: string;
  html: string;
}

/** What a transport reports after handing a message over. */
export interface SendResult {
  /** Recipients the server refused while accepting the message for the others. */
  rejected: string[];
}

/** Where mail goes: SMTP, or .eml files. Errors are thrown as nodemailer errors (code, responseCode, response). */
export interface MailTransport {
  readonly kind: string;
  send(message: OutboundMessage): Promise<SendResult>;
  close(): void;
}

/** The message for a row, From taken from MAIL_FROM. */
export function outboundFromRow(row: MailRow, from: string): OutboundMessage {
  return {
    id: row.id,
    messageId: row.message_id,
    from,
    to: splitAddresses(row.to_addresses),
    cc: splitAddresses(row.cc_addresses),
    bcc: splitAddresses(row.bcc_addresses),
    subject: row.subject,
    text: row.text_body,
    html: row.html_body,
  };
}

// The same Message-ID on every attempt: a resend after a crash is recognisable as a duplicate (SECURITY row 38).
function mailOptions(m: OutboundMessage) {
  return {
    from: m.from,
    to: m.to,
    cc: m.cc.length ? m.cc : undefined,
    bcc: m.bcc.length ? m.bcc : undefined,
    subject: m.subject,
    text: m.text,
    html: m.html,
    messageId: m.messageId,
    headers: { 'Auto-Submitted': 'auto-generated' },
  };
}

/** SMTP through nodemailer, one connection per message; timeouts keep a send well inside the worker's lease. */
export function smtpTransport(smtpUrl: string): MailTransport {
  const transporter = nodemailer.createTransport({
    url: smtpUrl,
    connectionTimeout: 30_000,
    greetingTimeout: 30_000,
    socketTimeout: 60_000,
  });
  return {
    kind: 'smtp',
    async send(message) {
      const info = await transporter.sendMail(mailOptions(message));
      return { rejected: (info.rejected ?? []).map(String) };
    },
    close: () => transporter.close(),
  };
}

/** Writes each message as an RFC 822 .eml file under `dir` (DATA_DIR/mail when SMTP_URL is unset). */
export function fileTransport(dir: string): MailTransport {
  const builder = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'windows' });
  return {
    kind: 'file',
    async send(message) {
      const info = await builder.sendMail(mailOptions(message));
      if (!Buffer.isBuffer(info.message)) throw new Error('stream transport did not return a buffer');
      await mkdir(dir, { recursive: true });
      const file = path.join(dir, emlFileName(message.id, message.messageId));
      // Write then rename: a crash never leaves half a message, and a retry overwrites the same file.
      const partial = file + '.partial';
      await writeFile(partial, info.message, { mode: 0o600 });
      await rename(partial, file);
      return { rejected: [] };
    },
    close: () => builder.close(),
  };
}

/** The transport the configuration asks for: SMTP_URL, or .eml files under DATA_DIR/mail. */
export function transportFor(config: Pick<Config, 'smtpUrl' | 'dataDir'>): MailTransport {
  return config.smtpUrl ? smtpTransport(config.smtpUrl) : fileTransport(path.join(config.dataDir, 'mail'));
}
