import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Client, DocumentRow } from '../../src/db/schema.js';
import { PIXEL_GIF } from '../../src/document-mail/tracking.js';
import { makeTestApp, type TestApp } from '../helpers/app.js';
import { makeClient, makeIssuedInvoice } from '../helpers/factories.js';
import { eventsOf, linkTokenOf, outbox, pixelTokenOf, text } from './support.js';

let t: TestApp;
let cookie: string;
let client: Client;
let invoice: DocumentRow;

beforeEach(async () => {
  t = await makeTestApp();
  cookie = await t.staffCookie();
  client = await makeClient(t.db, { name: 'Papadopoulos OE', email: 'office@papadopoulos.gr' });
  invoice = await makeIssuedInvoice(t.db, client.id, { total: 12400 });
});
afterEach(() => t.close());

async function emailTo(to: string) {
  await t.postForm(`/invoices/${invoice.id}/email`, { to, subject: 'Invoice', message: 'Hello' }, cookie);
  return outbox(t.db, 'document-email');
}

describe('the open-tracking pixel', () => {
  it('marks the email opened on its first load and records one "email opened" event; later loads change nothing', async () => {
    const [mail] = await emailTo('maria@papadopoulos.gr');
    const token = pixelTokenOf(mail!);
    const first = await t.get(`/o/${token}.gif`);
    expect(first.status).toBe(200);
    expect(first.headers.get('Content-Type')).toBe('image/gif');
    expect(first.headers.get('Cache-Control')).toContain('no-store');
    expect(Buffer.from(await first.arrayBuffer())).toEqual(PIXEL_GIF);
    const opened = await t.db.selectFrom('mail_outbox').select('opened_at').where('id', '=', mail!.id).executeTakeFirstOrThrow();
    expect(opened.opened_at).not.toBeNull();
    await t.get(`/o/${token}.gif`);
    await t.get(`/o/${token}.gif`);
    const again = await t.db.selectFrom('mail_outbox').select('opened_at').where('id', '=', mail!.id).executeTakeFirstOrThrow();
    expect(again.opened_at).toBe(opened.opened_at);
    const events = await eventsOf(t.db, 'invoice', invoice.id, 'email_opened');
    expect(events).toHaveLength(1);
    expect(events[0]!.actor_name).toBe('maria@papadopoulos.gr');
    expect(text(await (await t.get(`/invoices/${invoice.id}`, cookie)).text())).toContain(`opened the email of invoice ${invoice.number}`);
  });

  it('is bound to one email: opening one recipient’s message leaves the other’s unopened', async () => {
    const [a, b] = await emailTo('a@papadopoulos.gr; b@papadopoulos.gr');
    await t.get(`/o/${pixelTokenOf(a!)}.gif`);
    const rows = await t.db.selectFrom('mail_outbox').select(['id', 'opened_at']).orderBy('id').execute();
    expect(rows.find((r) => r.id === a!.id)!.opened_at).not.toBeNull();
    expect(rows.find((r) => r.id === b!.id)!.opened_at).toBeNull();
  });

  it('answers every other token with the same image and records nothing', async () => {
    const [mail] = await emailTo('maria@papadopoulos.gr');
    const eventsBefore = (await t.db.selectFrom('events').selectAll().execute()).length;
    for (const path of [`/o/${linkTokenOf(mail!)}.gif`, '/o/abcdefghijkmnpqrstuvwxyz23456789.gif', `/o/${pixelTokenOf(mail!)}`, '/o/nonsense.gif']) {
      const res = await t.get(path);
      expect(res.status, path).toBe(200);
      expect(res.headers.get('Content-Type')).toBe('image/gif');
    }
    expect((await t.db.selectFrom('events').selectAll().execute()).length).toBe(eventsBefore);
    expect((await t.db.selectFrom('mail_outbox').select('opened_at').executeTakeFirstOrThrow()).opened_at).toBeNull();
  });

  it('records statement emails as opened on the client', async () => {
    await t.postForm(`/clients/${client.id}/statement/email`, { period: 'all', to: 'maria@papadopoulos.gr', subject: 'Statement' }, cookie);
    const [mail] = await outbox(t.db, 'document-email');
    await t.get(`/o/${pixelTokenOf(mail!)}.gif`);
    expect(await eventsOf(t.db, 'client', client.id, 'statement_email_opened')).toHaveLength(1);
    const page = text(await (await t.get(`/clients/${client.id}/statement/email`, cookie)).text());
    expect(page).toContain('Opened');
  });
});
