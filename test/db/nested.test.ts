import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type Db, type OpenDatabase } from '../../src/db/index.js';
import { dbWithin } from '../../src/db/nested.js';

let dir: string;
let database: OpenDatabase;
let db: Db;

beforeEach(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'stoa-nested-'));
  database = openDatabase(path.join(dir, 'test.sqlite'));
  db = database.db;
  await sql`create table notes (text text not null)`.execute(db);
});
afterEach(async () => {
  await database.close();
  rmSync(dir, { recursive: true, force: true });
});

const add = (on: Db, text: string) => sql`insert into notes (text) values (${text})`.execute(on);
const notes = async (on: Db) => (await sql<{ text: string }>`select text from notes order by rowid`.execute(on)).rows.map((r) => r.text);

class Undo extends Error {}

describe('a database handle inside an open transaction', () => {
  it('keeps what its own transactions wrote once the enclosing transaction commits', async () => {
    await db.transaction().execute(async (trx) => {
      const inner = dbWithin(trx);
      await inner.transaction().execute((t) => add(t, 'first'));
      await add(inner, 'second');
      expect(await notes(inner)).toEqual(['first', 'second']);
    });
    expect(await notes(db)).toEqual(['first', 'second']);
  });

  it('undoes only the part whose own transaction failed, and the rest commits', async () => {
    await db.transaction().execute(async (trx) => {
      const inner = dbWithin(trx);
      await add(inner, 'kept');
      await expect(
        inner.transaction().execute(async (t) => {
          await add(t, 'undone');
          throw new Undo();
        }),
      ).rejects.toBeInstanceOf(Undo);
      await inner.transaction().execute((t) => add(t, 'also kept'));
    });
    expect(await notes(db)).toEqual(['kept', 'also kept']);
  });

  it('loses everything, its committed transactions included, when the enclosing transaction rolls back', async () => {
    await expect(
      db.transaction().execute(async (trx) => {
        const inner = dbWithin(trx);
        await inner.transaction().execute((t) => add(t, 'committed inside'));
        throw new Undo();
      }),
    ).rejects.toBeInstanceOf(Undo);
    expect(await notes(db)).toEqual([]);
  });

  it('makes other users of the database wait for the enclosing transaction, then see all of it', async () => {
    let outside: Promise<string[]> | undefined;
    await db.transaction().execute(async (trx) => {
      const inner = dbWithin(trx);
      await inner.transaction().execute((t) => add(t, 'one'));
      outside = notes(db);
      await add(inner, 'two');
    });
    expect(await outside).toEqual(['one', 'two']);
  });

  it('refuses queries once the enclosing transaction has ended', async () => {
    let inner: Db | undefined;
    await db.transaction().execute(async (trx) => {
      inner = dbWithin(trx);
    });
    await expect(notes(inner!)).rejects.toThrow();
    await expect(inner!.transaction().execute((t) => add(t, 'late'))).rejects.toThrow();
    expect(await notes(db)).toEqual([]);
  });
});
