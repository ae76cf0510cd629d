// Pure rules of the mail worker: how long to wait before the next attempt, and which failures are final.

/** Attempts after which a message is marked failed. */
export const MAX_ATTEMPTS = 8;

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/** Wait before the next attempt, after `attempts` failed ones: 1 min, 2, 4, … capped at 1 hour. */
export function backoffMs(attempts: number): number {
  const exponent = Math.max(0, attempts - 1);
  return exponent >= 6 ? HOUR : Math.min(HOUR, MINUTE * 2 ** exponent);
}

/** What a send failure means for the message. */
export interface SendFailure {
  /** True when retrying would get the same answer (5xx, malformed message). */
  permanent: boolean;
  /** One line for last_error: SMTP code and reply, or the error's code and message. Never the body. */
  reason: string;
}

// Failures of our side's connection or setup: fixing the configuration or waiting helps, so retry.
const OUR_SIDE = new Set(['EAUTH', 'ENOAUTH', 'ECONFIG', 'ETLS', 'EREQUIRETLS', 'EOAUTH2', 'EPROXY']);
// Failures of the message itself, without an SMTP reply: it will never go through as it is.
const MESSAGE_FAULTS = new Set(['EENVELOPE', 'EMESSAGE', 'EMAXRECIPIENTS']);

function field(err: unknown, name: string): unknown {
  return err !== null && typeof err === 'object' ? Reflect.get(err, name) : undefined;
}

function stringField(err: unknown, name: string): string | undefined {
  const value = field(err, name);
  return typeof value === 'string' ? value : undefined;
}

/** Classifies an error thrown by a transport (nodemailer's errors carry `code`, `responseCode`, `response`). */
export function classifySendError(err: unknown): SendFailure {
  const code = stringField(err, 'code');
  const rawCode = field(err, 'responseCode');
  const responseCode = typeof rawCode === 'number' ? rawCode : undefined;
  const response = stringField(err, 'response');
  const message = err instanceof Error ? err.message : String(err);
  const reason = oneLine(responseCode !== undefined ? (response ?? `${responseCode} ${message}`) : [code, message].filter(Boolean).join(': '));
  if (code && OUR_SIDE.has(code)) return { permanent: false, reason };
  // RFC 5321: 5yz is a permanent rejection, 4yz a transient one; 503 is a session sequence error, not a verdict.
  if (responseCode !== undefined) return { permanent: responseCode >= 500 && responseCode < 600 && responseCode !== 503, reason };
  if (code && MESSAGE_FAULTS.has(code)) return { permanent: true, reason };
  return { permanent: false, reason };
}

function oneLine(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f]+/g, ' ').trim().slice(0, 500);
}
