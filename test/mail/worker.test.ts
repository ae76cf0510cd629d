import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { databaseFile, openDatabase, type Db } from '../../src/db/index.js';
import { enqueueMail, mailStatusFor, type OutgoingMail } from '../../src/mail/outbox.js';
import type { MailTransport, OutboundMessage } from '../../src/mail/transport.js';
import { startMailWorker, type MailWorker, type MailWorkerOptions } from '../../src/mail/worker.js';
import { makeTestApp, ORIGIN, type TestApp } from '../helpers/app.js';
import { parseMail, startSmtpSink, type SmtpSink } from './smtp-sink.js';

const MINUTE = 60_000;

let t: TestApp;
let sink: SmtpSink;
let workers: MailWorker[];
let clockMs: number;
const clock = () => new Date(clockMs);
const advance = (ms: number) => {
  clockMs += ms;
};

beforeEach(async () => {
  t = await makeTestApp();
  sink = await startSmtpSink();
  workers = [];
  // Ahead of the real clock by a second, so rows enqueued "now" are due; tests move it on by hand.
  clockMs = Date.now() + 1000;
});

afterEach(async () => {
  for (const w of workers) await w.stop();
  await sink.close();
  await t.close();
});

function worker(db: Db, smtpUrl: string | null, opts: MailWorkerOptions = {}): MailWorker {
  const w = startMailWorker(db, { smtpUrl, dataDir: t.dataDir, mailFrom: 'Acme Accounting <billing@acme.test>' }, { pollMs: null, now: clock, ...opts });
  workers.push(w);
  return w;
}

function invitation(overrides: Partial<OutgoingMail> = {}, data: Record<string, unknown> = {}): OutgoingMail {
  return {
    to: ['nikos@client.test'],
    template: 'portal-invitation',
    language: 'en',
    data: {
      clientName: 'Papadopoulos OE',
      inviteeName: 'Nikos Papadopoulos',
      inviterName: 'Anna Admin',
      method: 'link',
      link: '/portal/invite/2f9c1e7a',
      expiresAt: '2026-03-08T10:00:00.000Z',
      ...data,
    },
    subjectType: 'portal_invitation',
    subjectId: 1,
    ...overrides,
  };
}

function enqueue(mail: OutgoingMail = invitation(), db: Db = t.db) {
  return db.transaction().execute((trx) => enqueueMail(trx, mail, { publicUrl: ORIGIN, firmName: 'Acme Accounting' }));
}

async function row(id: number) {
  return t.db.selectFrom('mail_outbox').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
}

describe('enqueueMail', () => {
  it('stores a queued, fully rendered message with its own Message-ID', async () => {
    const { id, messageId } = await enqueue();
    const r = await row(id);
    expect(r).toMatchObject({ status: 'queued', attempts: 0, to_addresses: 'nikos@client.test', template: 'portal-invitation', message_id: messageId });
    expect(messageId).toMatch(/^<[0-9a-f-]+@stoa\.test>$/);
    expect(r.subject).toBe('Acme Accounting: your invitation to the client portal for Papadopoulos OE');
    expect(r.text_body).toContain('http://stoa.test/portal/invite/2f9c1e7a');
    expect(r.html_body).toContain('href="http://stoa.test/portal/invite/2f9c1e7a"');
  });

  it('takes the firm name from the settings when the caller does not pass it', async () => {
    await t.db.insertInto('settings').values({ key: 'firm', value: JSON.stringify({ firm_name: 'Λογιστικό Γραφείο Α.Ε.' }) }).execute();
    const { id } = await t.db.transaction().execute((trx) => enqueueMail(trx, invitation({ language: 'el' }), { publicUrl: ORIGIN }));
    expect((await row(id)).subject).toBe('Λογιστικό Γραφείο Α.Ε.: πρόσκληση στην πύλη πελατών για Papadopoulos OE');
  });

  it('refuses a bad recipient or bad template data and writes nothing', async () => {
    await expect(enqueue(invitation({ to: ['nikos@client.test\r\nBcc: attacker@evil.test'] }))).rejects.toThrow(/plain email address/);
    await expect(enqueue(invitation({ to: [] }))).rejects.toThrow(/recipient/);
    await expect(enqueue(invitation({ bcc: ['not-an-address'] }))).rejects.toThrow(/bcc/);
    await expect(enqueue(invitation({ template: 'no-such-template' }))).rejects.toThrow(/unknown email template/);
    await expect(enqueue(invitation({}, { link: 'javascript:alert(1)' }))).rejects.toThrow(/link/);
    expect(await t.db.selectFrom('mail_outbox').select('id').execute()).toEqual([]);
  });

  it('reports the delivery state of the mails about one subject', async () => {
    await enqueue(invitation({ subjectId: 5 }));
    await enqueue(invitation({ subjectId: 6, to: ['eleni@client.test', 'nikos@client.test'] }));
    await worker(t.db, sink.url).runOnce();
    const status = await mailStatusFor(t.db, 'portal_invitation', 6);
    expect(status).toHaveLength(1);
    expect(status[0]).toMatchObject({ status: 'sent', to: ['eleni@client.test', 'nikos@client.test'], attempts: 1, last_error: null, opened_at: null });
    expect(status[0]!.subject).toContain('Papadopoulos OE');
    expect(status[0]!.sent_at).toBe(clock().toISOString());
    expect(await mailStatusFor(t.db, 'portal_invitation', 99)).toEqual([]);
  });
});

describe('mail worker over SMTP', () => {
  it('delivers an enqueued invitation with To, a Greek subject, HTML and text parts and the link', async () => {
    const { id, messageId } = await enqueue(invitation({ language: 'el', cc: ['office@client.test'], bcc: ['audit@acme.test'] }));
    expect(await worker(t.db, sink.url).runOnce()).toBe(1);

    expect(sink.received).toHaveLength(1);
    const mail = sink.received[0]!;
    expect(mail.envelopeTo.sort()).toEqual(['audit@acme.test', 'nikos@client.test', 'office@client.test']);
    expect(mail.header('To')).toBe('nikos@client.test');
    expect(mail.header('Cc')).toBe('office@client.test');
    expect(mail.header('Bcc')).toBeUndefined();
    expect(mail.header('From')).toBe('Acme Accounting <billing@acme.test>');
    expect(mail.header('Message-ID')).toBe(messageId);
    expect(mail.subject).toBe('Acme Accounting: πρόσκληση στην πύλη πελατών για Papadopoulos OE');
    expect(mail.html).toContain('href="http://stoa.test/portal/invite/2f9c1e7a"');
    expect(mail.html).toContain('Ορισμός κωδικού');
    expect(mail.text).toContain('Ορισμός κωδικού: http://stoa.test/portal/invite/2f9c1e7a');
    expect(mail.text).toContain('Γεια σας Nikos Papadopoulos,');

    expect(await row(id)).toMatchObject({ status: 'sent', attempts: 1, locked_until: null, last_error: null });
    expect(await worker(t.db, sink.url).runOnce()).toBe(0);
    expect(sink.received).toHaveLength(1);
  });

  it('never sends a mail enqueued in a transaction that rolled back', async () => {
    await expect(
      t.db.transaction().execute(async (trx) => {
        await enqueueMail(trx, invitation(), { publicUrl: ORIGIN, firmName: 'Acme Accounting' });
        throw new Error('the invitation could not be saved');
      }),
    ).rejects.toThrow('could not be saved');
    expect(await worker(t.db, sink.url).runOnce()).toBe(0);
    expect(sink.received).toEqual([]);
    expect(await t.db.selectFrom('mail_outbox').select('id').execute()).toEqual([]);
  });

  it('keeps a mail queued with backoff while SMTP is down and delivers it once the server is back', async () => {
    const port = sink.port;
    await sink.close();
    const { id, messageId } = await enqueue();
    const w = worker(t.db, `smtp://127.0.0.1:${port}`);

    expect(await w.runOnce()).toBe(1);
    let r = await row(id);
    expect(r).toMatchObject({ status: 'queued', attempts: 1 });
    expect(r.last_error).toMatch(/ECONNREFUSED|ESOCKET|ECONNECTION/);
    expect(r.next_attempt_at).toBe(new Date(clockMs + MINUTE).toISOString());

    // Not due before the backoff has passed.
    expect(await w.runOnce()).toBe(0);
    advance(MINUTE);
    expect(await w.runOnce()).toBe(1);
    r = await row(id);
    expect(r).toMatchObject({ status: 'queued', attempts: 2 });
    expect(r.next_attempt_at).toBe(new Date(clockMs + 2 * MINUTE).toISOString());

    sink = await startSmtpSink(port);
    advance(2 * MINUTE);
    expect(await w.runOnce()).toBe(1);
    expect(await row(id)).toMatchObject({ status: 'sent', attempts: 3 });
    expect(sink.received).toHaveLength(1);
    expect(sink.received[0]!.header('Message-ID')).toBe(messageId);
  });

  it('marks a mail failed with the reason on a 550 and does not retry it', async () => {
    sink.refuseRecipient = () => 550;
    const { id } = await enqueue();
    const w = worker(t.db, sink.url);
    expect(await w.runOnce()).toBe(1);
    const r = await row(id);
    expect(r).toMatchObject({ status: 'failed', attempts: 1, locked_until: null });
    expect(r.last_error).toMatch(/^550 /);
    advance(24 * 60 * MINUTE);
    expect(await w.runOnce()).toBe(0);
    expect(sink.received).toEqual([]);
    expect((await mailStatusFor(t.db, 'portal_invitation', 1))[0]).toMatchObject({ status: 'failed', last_error: r.last_error });
  });

  it('retries a mail refused with 421 and delivers it on a later attempt with the same Message-ID', async () => {
    let refusals = 0;
    sink.refuseRecipient = () => (refusals++ === 0 ? 421 : null);
    const { id, messageId } = await enqueue();
    const w = worker(t.db, sink.url);
    expect(await w.runOnce()).toBe(1);
    const r = await row(id);
    expect(r).toMatchObject({ status: 'queued', attempts: 1 });
    expect(r.last_error).toMatch(/^421 /);
    advance(MINUTE);
    expect(await w.runOnce()).toBe(1);
    expect(await row(id)).toMatchObject({ status: 'sent', attempts: 2 });
    expect(sink.received.map((m) => m.header('Message-ID'))).toEqual([messageId]);
  });

  it('gives up after the last allowed attempt', async () => {
    sink.refuseRecipient = () => 451;
    const { id } = await enqueue();
    const w = worker(t.db, sink.url, { maxAttempts: 3 });
    for (let i = 0; i < 3; i++) {
      expect(await w.runOnce()).toBe(1);
      advance(60 * MINUTE);
    }
    const r = await row(id);
    expect(r).toMatchObject({ status: 'failed', attempts: 3 });
    expect(r.last_error).toMatch(/^gave up after 3 attempts: 451 /);
    expect(await w.runOnce()).toBe(0);
  });

  it('after a crash mid-send, a restarted worker delivers the row left in sending exactly once', async () => {
    const crashed = await enqueue();
    const held = await enqueue(invitation({ to: ['eleni@client.test'] }));
    // A worker claimed both and died; one lease has run out, the other is still held by a live worker.
    await t.db.updateTable('mail_outbox').set({ status: 'sending', attempts: 1, locked_until: new Date(clockMs - 1000).toISOString() }).where('id', '=', crashed.id).execute();
    await t.db.updateTable('mail_outbox').set({ status: 'sending', attempts: 1, locked_until: new Date(clockMs + MINUTE).toISOString() }).where('id', '=', held.id).execute();

    const restarted = worker(t.db, sink.url);
    expect(await restarted.runOnce()).toBe(1);
    expect(await restarted.runOnce()).toBe(0);
    expect(sink.received.map((m) => m.header('Message-ID'))).toEqual([crashed.messageId]);
    expect(await row(crashed.id)).toMatchObject({ status: 'sent', attempts: 2 });
    expect(await row(held.id)).toMatchObject({ status: 'sending', attempts: 1 });
  });

  it('two workers on separate connections never send the same message twice', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 12; i++) ids.push((await enqueue(invitation({ to: [`person${i}@client.test`] }))).messageId);
    const other = openDatabase(databaseFile(t.dataDir));
    try {
      const a = worker(t.db, sink.url);
      const b = worker(other.db, sink.url);
      const [na, nb] = await Promise.all([a.runOnce(), b.runOnce()]);
      expect(na + nb).toBe(12);
      expect(na).toBeGreaterThan(0);
      expect(nb).toBeGreaterThan(0);
      const received = sink.received.map((m) => m.header('Message-ID'));
      expect(received.sort()).toEqual([...ids].sort());
      const rows = await t.db.selectFrom('mail_outbox').select(['status', 'attempts']).execute();
      expect(rows.every((r) => r.status === 'sent' && r.attempts === 1)).toBe(true);
    } finally {
      for (const w of workers.splice(0)) await w.stop();
      await other.close();
    }
  });

  it('keeps CR/LF of a client name out of every header', async () => {
    await enqueue(invitation({}, { clientName: 'Acme\r\nBcc: attacker@evil.test', inviteeName: 'Nikos\nX-Injected: yes' }));
    await worker(t.db, sink.url).runOnce();
    const mail = sink.received[0]!;
    expect(mail.envelopeTo).toEqual(['nikos@client.test']);
    expect(mail.rawHeaders.filter((h) => /^(bcc|x-injected):/i.test(h))).toEqual([]);
    expect(mail.subject).toBe('Acme Accounting: your invitation to the client portal for Acme Bcc: attacker@evil.test');
  });

  it('sends a freshly queued mail on its own when polling', async () => {
    worker(t.db, sink.url, { pollMs: 20, now: undefined });
    const { messageId } = await enqueue();
    await vi.waitFor(() => expect(sink.received.map((m) => m.header('Message-ID'))).toEqual([messageId]), { timeout: 3000, interval: 10 });
  });

  it('stop() waits for the send in flight and records it', async () => {
    let release: () => void = () => undefined;
    const sent: OutboundMessage[] = [];
    const slow: MailTransport = {
      kind: 'test',
      send: (m) =>
        new Promise((resolve) => {
          release = () => {
            sent.push(m);
            resolve({ rejected: [] });
          };
        }),
      close: () => undefined,
    };
    const { id } = await enqueue();
    const w = worker(t.db, null, { transport: slow });
    const run = w.runOnce();
    await vi.waitFor(async () => expect((await row(id)).status).toBe('sending'));
    let stopped = false;
    const stopping = w.stop().then(() => {
      stopped = true;
    });
    await new Promise((r) => setTimeout(r, 20));
    expect(stopped).toBe(false);
    release();
    await stopping;
    expect(await run).toBe(1);
    expect(sent).toHaveLength(1);
    expect(await row(id)).toMatchObject({ status: 'sent' });
  });
});

describe('mail worker without SMTP_URL', () => {
  it('writes a readable .eml file per message under DATA_DIR/mail', async () => {
    const { id, messageId } = await enqueue(invitation({ language: 'el' }));
    expect(await worker(t.db, null).runOnce()).toBe(1);
    const dir = path.join(t.dataDir, 'mail');
    const files = readdirSync(dir);
    expect(files).toHaveLength(1);
    expect(files[0]).toMatch(new RegExp(`^0*${id}-.+\\.eml$`));
    const raw = readFileSync(path.join(dir, files[0]!), 'utf8');
    expect(raw).toContain('\r\n');
    const mail = parseMail(raw);
    expect(mail.header('To')).toBe('nikos@client.test');
    expect(mail.header('Message-ID')).toBe(messageId);
    expect(mail.subject).toBe('Acme Accounting: πρόσκληση στην πύλη πελατών για Papadopoulos OE');
    expect(mail.text).toContain('http://stoa.test/portal/invite/2f9c1e7a');
    expect(mail.html).toContain('Ορισμός κωδικού');
    expect(await row(id)).toMatchObject({ status: 'sent', attempts: 1 });
  });
});
