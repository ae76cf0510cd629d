import type { AddressInfo } from 'node:net';
import { SMTPServer, type SMTPServerAddress } from 'smtp-server';

/** A message as a test reads it: envelope, decoded headers and the text and HTML parts. */
export interface ReceivedMail {
  envelopeTo: string[];
  raw: string;
  /** Header lines exactly as received (unfolded), for header-injection checks. */
  rawHeaders: string[];
  header(name: string): string | undefined;
  subject: string;
  text: string | undefined;
  html: string | undefined;
}

/** A real SMTP server on loopback that collects what arrives, or refuses recipients on demand. */
export interface SmtpSink {
  port: number;
  url: string;
  received: ReceivedMail[];
  /** Return an SMTP code (e.g. 550, 421) to refuse that recipient, or null to accept it. */
  refuseRecipient: (address: string) => number | null;
  close(): Promise<void>;
}

/** Starts a sink on 127.0.0.1 at `port` (0 = random). */
export async function startSmtpSink(port = 0): Promise<SmtpSink> {
  const sink: SmtpSink = {
    port: 0,
    url: '',
    received: [],
    refuseRecipient: () => null,
    close: async () => undefined,
  };
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    disableReverseLookup: true,
    onRcptTo(address: SMTPServerAddress, _session, callback) {
      const code = sink.refuseRecipient(address.address);
      if (code === null) return callback();
      const err: Error & { responseCode?: number } = new Error(code >= 500 ? 'Mailbox unavailable' : 'Try again later');
      err.responseCode = code;
      return callback(err);
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        sink.received.push(parseMail(Buffer.concat(chunks).toString('utf8'), session.envelope.rcptTo.map((r) => r.address)));
        callback();
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  sink.port = (server.server.address() as AddressInfo).port;
  sink.url = `smtp://127.0.0.1:${sink.port}`;
  sink.close = () => new Promise<void>((resolve) => server.close(() => resolve()));
  return sink;
}

// --- a small MIME reader: enough for nodemailer's multipart/alternative output ---

function splitHeadBody(raw: string): { head: string; body: string } {
  const at = raw.search(/\r?\n\r?\n/);
  if (at < 0) return { head: raw, body: '' };
  const sep = raw.slice(at).match(/^\r?\n\r?\n/)![0];
  return { head: raw.slice(0, at), body: raw.slice(at + sep.length) };
}

function headerLines(head: string): string[] {
  return head.replace(/\r?\n[ \t]+/g, ' ').split(/\r?\n/).filter((l) => l !== '');
}

function headerOf(lines: string[], name: string): string | undefined {
  const prefix = name.toLowerCase() + ':';
  const line = lines.find((l) => l.toLowerCase().startsWith(prefix));
  return line === undefined ? undefined : line.slice(prefix.length).trim();
}

/** Decodes RFC 2047 encoded words (B and Q, UTF-8). */
export function decodeWords(value: string): string {
  return value
    .replace(/\?=\s+=\?/g, '?==?')
    .replace(/=\?([^?]+)\?([BbQq])\?([^?]*)\?=/g, (_m, _charset: string, enc: string, data: string) =>
      enc.toUpperCase() === 'B'
        ? Buffer.from(data, 'base64').toString('utf8')
        : Buffer.from(data.replace(/_/g, ' ').replace(/=([0-9A-F]{2})/gi, (_x, h: string) => String.fromCharCode(parseInt(h, 16))), 'latin1').toString('utf8'),
    );
}

function decodeBody(body: string, encoding: string | undefined): string {
  const enc = (encoding ?? '7bit').toLowerCase();
  if (enc === 'base64') return Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
  if (enc === 'quoted-printable') {
    const bytes = body.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/gi, (_x, h: string) => String.fromCharCode(parseInt(h, 16)));
    return Buffer.from(bytes, 'latin1').toString('utf8');
  }
  return body;
}

function collectParts(head: string, body: string, out: { text?: string; html?: string }): void {
  const lines = headerLines(head);
  const type = headerOf(lines, 'Content-Type') ?? 'text/plain';
  const boundary = type.match(/boundary="?([^";]+)"?/i)?.[1];
  if (/^multipart\//i.test(type) && boundary) {
    const pieces = body.split('--' + boundary);
    for (const piece of pieces.slice(1)) {
      if (piece.startsWith('--')) break;
      const part = splitHeadBody(piece.replace(/^\r?\n/, ''));
      collectParts(part.head, part.body, out);
    }
    return;
  }
  const decoded = decodeBody(body, headerOf(lines, 'Content-Transfer-Encoding'));
  if (/^text\/html/i.test(type)) out.html = decoded;
  else if (/^text\/plain/i.test(type)) out.text = decoded;
}

/** Reads a raw RFC 822 message. */
export function parseMail(raw: string, envelopeTo: string[] = []): ReceivedMail {
  const { head, body } = splitHeadBody(raw);
  const rawHeaders = headerLines(head);
  const parts: { text?: string; html?: string } = {};
  collectParts(head, body, parts);
  return {
    envelopeTo,
    raw,
    rawHeaders,
    header: (name) => {
      const v = headerOf(rawHeaders, name);
      return v === undefined ? undefined : decodeWords(v);
    },
    subject: decodeWords(headerOf(rawHeaders, 'Subject') ?? ''),
    text: parts.text,
    html: parts.html,
  };
}
