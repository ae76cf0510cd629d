// A loopback SMTP server for the crash test: it holds each message for a moment before answering
// "250" and counts open conversations, so the test can kill the sender while a message is on the
// wire. It records a message when it accepts it (the "250"), with its Message-ID and recipients.

import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { parseMail } from '../mail/smtp-sink.js';

/** One accepted delivery. */
export interface Delivery {
  messageId: string;
  to: string[];
}

/** The sink as the test drives it. */
export interface SlowSink {
  url: string;
  deliveries: Delivery[];
  /** Milliseconds each message is held before "250" (changeable between phases). */
  holdMs: number;
  /** SMTP conversations open right now (a sender is between connecting and quitting). */
  open: number;
  close(): Promise<void>;
}

/** Starts a sink on 127.0.0.1 (random port). */
export async function startSlowSink(holdMs: number): Promise<SlowSink> {
  const sink: SlowSink = { url: '', deliveries: [], holdMs, open: 0, close: async () => undefined };
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    disableReverseLookup: true,
    onConnect(_session, callback) {
      sink.open++;
      callback();
    },
    onClose() {
      sink.open--;
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const mail = parseMail(Buffer.concat(chunks).toString('utf8'));
        const to = session.envelope.rcptTo.map((r) => r.address);
        setTimeout(() => {
          sink.deliveries.push({ messageId: mail.header('Message-ID') ?? '', to });
          callback();
        }, sink.holdMs);
      });
    },
  });
  // A sender killed mid-conversation resets its socket; that is expected here, not a failure.
  server.on('error', () => undefined);
  await new Promise<void>((resolve, reject) => {
    server.server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  sink.url = `smtp://127.0.0.1:${(server.server.address() as AddressInfo).port}`;
  sink.close = () => new Promise<void>((resolve) => server.close(() => resolve()));
  return sink;
}
