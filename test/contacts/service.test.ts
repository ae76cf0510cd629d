import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient } from '../../src/clients/service.js';
import type { Db } from '../../src/db/index.js';
import { SYSTEM_ACTOR } from '../../src/events/service.js';
import { archiveContact, createContact, listContacts, updateContact } from '../../src/contacts/service.js';
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

describe('contacts service', () => {
  it('adds, edits and removes contacts, each with an event for the client', async () => {
    const c = await newClient('Contacts Holder');
    const added = await createContact(db, SYSTEM_ACTOR, c.id, { name: 'Ελένη Γεωργίου', email: 'Eleni@Example.gr', phone: '' });
    expect(added.ok && [added.contact.email, added.contact.phone]).toEqual(['eleni@example.gr', null]);
    if (!added.ok) return;
    const edited = await updateContact(db, SYSTEM_ACTOR, added.contact.id, { phone: '6900000000' });
    expect(edited.ok && edited.contact.phone).toBe('6900000000');
    expect((await listContacts(db, c.id)).map((x) => x.name)).toEqual(['Ελένη Γεωργίου']);
    await archiveContact(db, SYSTEM_ACTOR, added.contact.id);
    expect(await listContacts(db, c.id)).toEqual([]);
    const events = await eventsOf('contact', added.contact.id);
    expect(events.map((e) => [e.action, e.client_id])).toEqual([['created', c.id], ['updated', c.id], ['archived', c.id]]);
  });

  it('refuses a contact without email, and a contact for an unknown client', async () => {
    const c = await newClient('Strict Contacts');
    const r = await createContact(db, SYSTEM_ACTOR, c.id, { name: 'No Mail' });
    expect(r.ok === false && r.error).toBe('Invalid');
    expect(await createContact(db, SYSTEM_ACTOR, 999999, { name: 'A', email: 'a@b.gr' })).toEqual({ ok: false, error: 'NotFound' });
    expect(await listContacts(db, c.id)).toEqual([]);
  });
});
