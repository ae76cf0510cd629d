import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadClientFrame } from '../../src/clients/frame.js';
import {
  archiveClient, clientNav, clientOptions, createClient, getClient, restoreClient, searchClients, updateClient,
} from '../../src/clients/service.js';
import type { Db } from '../../src/db/index.js';
import { SYSTEM_ACTOR } from '../../src/events/service.js';
import { saveFirmSettings } from '../../src/settings/service.js';
import { makeTestApp, type TestApp } from '../helpers/app.js';

let t: TestApp;
let db: Db;
beforeAll(async () => {
  t = await makeTestApp();
  db = t.db;
});
afterAll(() => t.close());

async function newClient(name: string, extra: Record<string, string> = {}) {
  const r = await createClient(db, SYSTEM_ACTOR, { name, ...extra });
  if (!r.ok) throw new Error(JSON.stringify(r));
  return r.client;
}

async function eventsOf(subjectType: string, subjectId: number) {
  return db.selectFrom('events').selectAll().where('subject_type', '=', subjectType).where('subject_id', '=', subjectId).orderBy('id').execute();
}

describe('clients service', () => {
  it('creates a client with the firm default currency and language, searchable without accents', async () => {
    await saveFirmSettings(db, { default_currency: 'EUR', default_language: 'el' });
    const c = await newClient('Παπαδόπουλος Ο.Ε.', { email: 'Papadopoulos@Example.gr', vat_number: '099999999' });
    expect(c.currency).toBe('EUR');
    expect(c.language).toBe('el');
    expect(c.email).toBe('papadopoulos@example.gr');
    expect(c.search_text).toBe('παπαδοπουλοσ ο.ε. papadopoulos@example.gr 099999999');
    const found = await searchClients(db, { q: 'ΠΑΠΑΔΟΠΟΥΛΟΣ', includeArchived: false, page: 1 });
    expect(found.rows.map((r) => r.id)).toContain(c.id);
    const byEmail = await searchClients(db, { q: 'papadopoulos@', includeArchived: false, page: 1 });
    expect(byEmail.rows.map((r) => r.id)).toContain(c.id);
  });

  it('follows a change of the firm defaults for new clients, and honours explicit choices', async () => {
    await saveFirmSettings(db, { default_currency: 'GBP', default_language: 'en' });
    const a = await newClient('Default Follower Ltd');
    expect([a.currency, a.language]).toEqual(['GBP', 'en']);
    const b = await newClient('Explicit Ltd', { currency: 'usd', language: 'el' });
    expect([b.currency, b.language]).toEqual(['USD', 'el']);
    await saveFirmSettings(db, { default_currency: 'EUR', default_language: 'el' });
  });

  it('refuses invalid input and writes nothing', async () => {
    const before = await db.selectFrom('clients').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    const eventsBefore = await db.selectFrom('events').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    const r = await createClient(db, SYSTEM_ACTOR, { name: '', email: 'bad', currency: 'XXX1' });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(Object.keys(r.errors).sort()).toEqual(['currency', 'email', 'name']);
    const after = await db.selectFrom('clients').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    const eventsAfter = await db.selectFrom('events').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    expect(after.n).toBe(before.n);
    expect(eventsAfter.n).toBe(eventsBefore.n);
  });

  it('records created, updated (with the changed fields), archived and restored events labelled with the name', async () => {
    const c = await newClient('Event Trail SA');
    const u = await updateClient(db, SYSTEM_ACTOR, c.id, { city: 'Πάτρα', name: 'Event Trail AE' });
    expect(u.ok).toBe(true);
    await archiveClient(db, SYSTEM_ACTOR, c.id);
    await restoreClient(db, SYSTEM_ACTOR, c.id);
    const events = await eventsOf('client', c.id);
    expect(events.map((e) => e.action)).toEqual(['created', 'updated', 'archived', 'restored']);
    expect(events.every((e) => e.client_id === c.id)).toBe(true);
    expect(JSON.parse(events[1]!.detail!)).toEqual({ label: 'Event Trail AE', fields: ['name', 'city'] });
  });

  it('writes no event when an update changes nothing, and archiving twice records one event', async () => {
    const c = await newClient('Quiet Ltd', { city: 'Athens' });
    await updateClient(db, SYSTEM_ACTOR, c.id, { city: ' Athens ' });
    await archiveClient(db, SYSTEM_ACTOR, c.id);
    await archiveClient(db, SYSTEM_ACTOR, c.id);
    expect((await eventsOf('client', c.id)).map((e) => e.action)).toEqual(['created', 'archived']);
  });

  it('clears optional fields given as null and keeps fields left out', async () => {
    const c = await newClient('Clearing Ltd', { phone: '210 1234567', city: 'Volos' });
    const u = await updateClient(db, SYSTEM_ACTOR, c.id, { phone: null });
    expect(u.ok && [u.client.phone, u.client.city]).toEqual([null, 'Volos']);
  });

  it('refuses to change the currency once the client has a document, but allows other edits', async () => {
    const c = await newClient('Locked Currency Ltd', { currency: 'EUR' });
    expect((await updateClient(db, SYSTEM_ACTOR, c.id, { currency: 'USD' })).ok).toBe(true);
    await db.insertInto('documents').values({ kind: 'invoice', client_id: c.id, status: 'draft', issue_date: '2025-01-10', currency: 'USD', subtotal: 0, tax: 0, total: 0 }).execute();
    const r = await updateClient(db, SYSTEM_ACTOR, c.id, { currency: 'EUR' });
    expect(r).toEqual({ ok: false, error: 'CurrencyLocked', errors: { currency: 'clients:errors.currency_locked' } });
    expect((await getClient(db, c.id))?.currency).toBe('USD');
    expect((await updateClient(db, SYSTEM_ACTOR, c.id, { currency: 'USD', city: 'Larisa' })).ok).toBe(true);
  });

  it('answers NotFound for an unknown client', async () => {
    expect(await updateClient(db, SYSTEM_ACTOR, 999999, { name: 'X' })).toEqual({ ok: false, error: 'NotFound' });
    expect(await archiveClient(db, SYSTEM_ACTOR, 999999)).toEqual({ ok: false, error: 'NotFound' });
    expect(await getClient(db, -1)).toBeNull();
    expect(await loadClientFrame(db, 999999)).toBeNull();
  });
});

describe('client navigation and options', () => {
  it('orders previous/next by the folded name among active clients, skipping archived ones', async () => {
    const t2 = await makeTestApp();
    try {
      const mk = async (name: string) => {
        const r = await createClient(t2.db, SYSTEM_ACTOR, { name });
        if (!r.ok) throw new Error('create');
        return r.client;
      };
      const alpha = await mk('Άλφα');
      const beta = await mk('beta');
      const archived = await mk('Alpha Archived');
      const gamma = await mk('Γάμμα');
      await archiveClient(t2.db, SYSTEM_ACTOR, archived.id);
      expect(await clientNav(t2.db, beta.id)).toEqual({ prevId: null, nextId: alpha.id });
      expect(await clientNav(t2.db, alpha.id)).toEqual({ prevId: beta.id, nextId: gamma.id });
      expect(await clientNav(t2.db, gamma.id)).toEqual({ prevId: alpha.id, nextId: null });
      const frame = await loadClientFrame(t2.db, alpha.id);
      expect(frame?.client.name).toBe('Άλφα');
      expect(frame?.nav).toEqual({ prevId: beta.id, nextId: gamma.id });
      expect(await clientOptions(t2.db)).toEqual([
        { id: beta.id, name: 'beta', currency: 'EUR' },
        { id: alpha.id, name: 'Άλφα', currency: 'EUR' },
        { id: gamma.id, name: 'Γάμμα', currency: 'EUR' },
      ]);
    } finally {
      await t2.close();
    }
  });

  it('breaks ties between clients with the same name by id, so every client is reachable', async () => {
    const t2 = await makeTestApp();
    try {
      const ids: number[] = [];
      for (const name of ['Twin', 'Twin', 'Twin']) {
        const r = await createClient(t2.db, SYSTEM_ACTOR, { name });
        if (!r.ok) throw new Error('create');
        ids.push(r.client.id);
      }
      const [a, b, c] = ids as [number, number, number];
      expect(await clientNav(t2.db, a)).toEqual({ prevId: null, nextId: b });
      expect(await clientNav(t2.db, b)).toEqual({ prevId: a, nextId: c });
      expect(await clientNav(t2.db, c)).toEqual({ prevId: b, nextId: null });
      expect(await clientNav(t2.db, 999999)).toEqual({ prevId: null, nextId: null });
    } finally {
      await t2.close();
    }
  });
});
