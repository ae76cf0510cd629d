import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient } from '../../src/clients/service.js';
import type { Db } from '../../src/db/index.js';
import { SYSTEM_ACTOR } from '../../src/events/service.js';
import { archiveProject, createProject, documentEmail, projectOptions, updateProject } from '../../src/projects/service.js';
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

describe('projects service', () => {
  it('creates, edits and archives projects; options list only active ones', async () => {
    const c = await newClient('Projects Holder', { email: 'office@holder.gr' });
    const p = await createProject(db, SYSTEM_ACTOR, c.id, { name: 'Audit 2025', email: 'audit@holder.gr', portal_visible: '1', portal_time: 'all' });
    const q = await createProject(db, SYSTEM_ACTOR, c.id, { name: 'Payroll' });
    if (!p.ok || !q.ok) throw new Error('create');
    expect([p.project.portal_visible, p.project.portal_time]).toEqual([1, 'all']);
    expect([q.project.portal_visible, q.project.portal_time]).toEqual([0, 'billable']);
    const u = await updateProject(db, SYSTEM_ACTOR, q.project.id, { portal_visible: '1' });
    expect(u.ok && u.project.portal_visible).toBe(1);
    await archiveProject(db, SYSTEM_ACTOR, p.project.id);
    expect(await projectOptions(db, c.id)).toEqual([{ id: q.project.id, name: 'Payroll' }]);
    expect((await eventsOf('project', q.project.id)).map((e) => e.action)).toEqual(['created', 'updated']);
    expect((await eventsOf('project', p.project.id)).map((e) => e.action)).toEqual(['created', 'archived']);
  });

  it('mails a project\'s documents to the project email when set, otherwise to the client email', () => {
    expect(documentEmail('office@holder.gr', { email: 'audit@holder.gr' })).toBe('audit@holder.gr');
    expect(documentEmail('office@holder.gr', { email: null })).toBe('office@holder.gr');
    expect(documentEmail('office@holder.gr', null)).toBe('office@holder.gr');
  });
});
