import { beforeAll, describe, expect, it } from 'vitest';
import type { DbSchema } from '../schema/types';
import { openTestDb } from '../../test-support/open-test-db';
import {
  spiderDatabaseIds,
  spiderDatabasePath,
  spiderQuestions,
} from '../../test-support/shared-data';
import { renderSchemaText } from '../schema/schema-text';
import { simplifySchema } from './simplify';
import { loadSqlParser, sqlReads } from '../sql/sql-reads';

let concert: DbSchema;
let pets: DbSchema;
beforeAll(async () => {
  await loadSqlParser();
  concert = (await openTestDb(spiderDatabasePath('concert_singer'))).readSchema();
  pets = (await openTestDb(spiderDatabasePath('pets_1'))).readSchema();
});

describe('simplifySchema', () => {
  it('keeps what the links name, case-insensitively, in the database spelling', () => {
    expect(simplifySchema(concert, { SINGER: ['name', 'AGE'] }, null)).toEqual({
      singer: ['Name', 'Age'],
    });
  });

  it('unites the links with what the pseudo-SQL reads', () => {
    const reads = sqlReads('SELECT Name FROM stadium WHERE Capacity > 5000', concert).columns;
    expect(simplifySchema(concert, { singer: ['Name'] }, reads)).toEqual({
      singer: ['Name'],
      stadium: ['Name', 'Capacity'],
    });
  });

  it('keeps every column of a kept table with no matched column', () => {
    const reads = sqlReads('SELECT count(*) FROM concert', concert).columns;
    expect(simplifySchema(concert, { stadium: ['Nonexistent'] }, reads)).toEqual({
      concert: ['concert_ID', 'concert_Name', 'Theme', 'Stadium_ID', 'Year'],
      stadium: ['Stadium_ID', 'Location', 'Name', 'Capacity', 'Highest', 'Lowest', 'Average'],
    });
  });

  it('adds the key columns that join kept tables, so the join still works', () => {
    const simplified = simplifySchema(
      pets,
      { Student: ['Fname'], Has_Pet: [], Pets: ['PetType'] },
      null,
    );
    expect(simplified).toEqual({
      Has_Pet: ['StuID', 'PetID'],
      Pets: ['PetID', 'PetType'],
      Student: ['StuID', 'Fname'],
    });
    const text = renderSchemaText(pets, { kept: simplified });
    expect(text).toContain('FOREIGN KEY (StuID) REFERENCES Student (StuID)');
    expect(text).toContain('FOREIGN KEY (PetID) REFERENCES Pets (PetID)');
  });

  it('keeps a foreign key only when both ends survive', () => {
    const simplified = simplifySchema(pets, { Has_Pet: ['PetID'], Pets: ['PetType'] }, null);
    expect(Object.keys(simplified).sort()).toEqual(['Has_Pet', 'Pets']);
    const text = renderSchemaText(pets, { kept: simplified });
    expect(text).toContain('REFERENCES Pets');
    expect(text).not.toContain('REFERENCES Student');
  });

  it('keeps, on every Spider dev database, everything each gold query reads plus the joining keys', async () => {
    const questions = spiderQuestions();
    for (const dbId of spiderDatabaseIds()) {
      const schema = (await openTestDb(spiderDatabasePath(dbId))).readSchema();
      for (const q of questions.filter((x) => x.db_id === dbId)) {
        const reads = sqlReads(q.query, schema);
        const simplified = simplifySchema(schema, null, reads.columns);
        expect(Object.keys(simplified).sort(), q.query).toEqual([...reads.tables].sort());
        for (const [table, columns] of Object.entries(reads.columns)) {
          for (const column of columns)
            expect(simplified[table], `${q.query}: ${table}.${column}`).toContain(column);
        }
        for (const table of schema.tables.filter((t) => simplified[t.name])) {
          for (const fk of table.foreignKeys) {
            const target = Object.keys(simplified).find(
              (n) => n.toLowerCase() === fk.referencedTable.toLowerCase(),
            );
            if (!target) continue;
            for (const column of fk.columns) {
              expect(
                simplified[table.name]?.map((c) => c.toLowerCase()),
                `${dbId} ${table.name}.${column}`,
              ).toContain(column.toLowerCase());
            }
          }
        }
      }
    }
  });
});
