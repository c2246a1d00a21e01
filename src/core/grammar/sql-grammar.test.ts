import { beforeAll, describe, expect, it } from 'vitest';
import { openTestDb } from '../../test-support/open-test-db';
import {
  CHINOOK_PATH,
  NORTHWIND_PATH,
  spiderDatabaseIds,
  spiderDatabasePath,
  spiderQuestions,
} from '../../test-support/shared-data';
import { grammarAccepts, grammarAcceptsAll } from '../../test-support/xgrammar';
import { wholeSchema } from '../pipeline/simplify';
import type { DbSchema } from '../schema/types';
import { buildSqlGrammar, type GrammarSchema } from './sql-grammar';

/** The one normalisation gold SQL gets: runs of blanks become one space, as a model's line would. */
const oneLine = (sql: string) => sql.replace(/\s+/g, ' ').trim();

async function schemaOf(path: string): Promise<DbSchema> {
  return (await openTestDb(path)).readSchema();
}

/** The texts the grammar refuses, checked one by one (only called when a batch fails). */
async function refused(ebnf: string, texts: string[]): Promise<string[]> {
  const out: string[] = [];
  for (const text of texts) if (!(await grammarAccepts(ebnf, text))) out.push(text);
  return out;
}

async function expectAllAccepted(ebnf: string, texts: string[]): Promise<void> {
  if (await grammarAcceptsAll(ebnf, texts)) return;
  expect(await refused(ebnf, texts)).toEqual([]);
}

describe('the grammar of each Spider dev database accepts all of its gold SQL', () => {
  const questions = spiderQuestions();
  it('covers the 972 questions of the 19 databases', () => {
    expect(spiderDatabaseIds()).toHaveLength(19);
    expect(questions).toHaveLength(972);
  });
  for (const id of spiderDatabaseIds()) {
    it(id, async () => {
      const grammar = buildSqlGrammar(wholeSchema(await schemaOf(spiderDatabasePath(id))));
      const gold = questions.filter((q) => q.db_id === id).map((q) => oneLine(q.query));
      expect(gold.length).toBeGreaterThan(0);
      await expectAllAccepted(grammar.text, gold);
    });
  }
});

/** Every query the repository's tests run on Chinook and Northwind tables. */
const CHINOOK_QUERIES = [
  'SELECT count(*) FROM Artist',
  'SELECT count(*) FROM Track',
  'SELECT count(*) FROM InvoiceLine',
  "SELECT Name FROM Artist WHERE Name = 'New'",
  'SELECT ArtistId, Name FROM Artist ORDER BY ArtistId LIMIT 2',
  'SELECT * FROM Track LIMIT 10',
  'SELECT * FROM "Invoice" LIMIT 100;',
  'SELECT count(*) AS n FROM Artist;',
  'SELECT COUNT(*) AS n FROM Artist;',
  'SELECT count(*) AS albums FROM Album',
  'SELECT Name FROM Artist WHERE ArtistId = 1',
  'SELECT Title FROM Album WHERE AlbumId = 1',
  'SELECT name FROM track ORDER BY milliseconds DESC LIMIT 5;',
  'SELECT Name, Milliseconds FROM Track WHERE AlbumId = 1 ORDER BY TrackId',
  "SELECT count(*) AS n FROM Artist WHERE Name LIKE 'A%';",
  "SELECT t.Name FROM Track AS t JOIN Album AS al ON t.AlbumId = al.AlbumId JOIN Artist AS ar ON al.ArtistId = ar.ArtistId WHERE ar.Name = 'AC/DC'",
  "SELECT t.Name FROM Artist AS ar JOIN Album AS al ON ar.ArtistId = al.ArtistId JOIN Track AS t ON t.AlbumId = al.AlbumId WHERE ar.Name = 'AC/DC'",
  "SELECT count(DISTINCT ar.Name) AS jazz_artists FROM Artist ar JOIN Album al ON al.ArtistId = ar.ArtistId JOIN Track t ON t.AlbumId = al.AlbumId JOIN Genre g ON g.GenreId = t.GenreId WHERE g.Name = 'Jazz';",
  "WITH RECURSIVE r(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM r WHERE i < 100000) SELECT i, 'row ' || i AS label FROM r",
  'WITH RECURSIVE r(i) AS (SELECT 1 UNION ALL SELECT i+1 FROM r) SELECT count(*) FROM r',
];

const NORTHWIND_QUERIES = [
  'SELECT * FROM "Order" LIMIT 100;',
  'SELECT count(*) FROM "Order"',
  'SELECT o."OrderDate", c.CompanyName FROM "Order" AS o JOIN Customer c ON o.CustomerId = c.Id',
];

describe('the Chinook and Northwind queries of the tests', () => {
  it('Chinook', async () => {
    const grammar = buildSqlGrammar(wholeSchema(await schemaOf(CHINOOK_PATH)));
    await expectAllAccepted(grammar.text, CHINOOK_QUERIES);
  });

  it('Northwind, with every column of "Order" quoted', async () => {
    const schema = await schemaOf(NORTHWIND_PATH);
    const order = schema.tables.find((t) => t.name === 'Order');
    const allQuoted = `SELECT ${order?.columns.map((c) => `"${c.name}"`).join(', ')} FROM "Order" LIMIT 5`;
    const grammar = buildSqlGrammar(wholeSchema(schema));
    await expectAllAccepted(grammar.text, [...NORTHWIND_QUERIES, allQuoted]);
  });
});

describe('what the grammar refuses', () => {
  let concert: GrammarSchema;
  let text: string;
  beforeAll(async () => {
    concert = wholeSchema(await schemaOf(spiderDatabasePath('concert_singer')));
    text = buildSqlGrammar(concert).text;
  });
  const accepts = (sql: string) => grammarAccepts(text, sql);

  it('a table that is not in the schema', async () => {
    expect(await accepts('SELECT count(*) FROM singer')).toBe(true);
    expect(await accepts('SELECT count(*) FROM singers')).toBe(false);
    expect(await accepts('SELECT name FROM singer AS s JOIN concerts AS c ON 1')).toBe(false);
  });

  it('a column that is not in the schema, bare, through a table or through an alias', async () => {
    expect(await accepts('SELECT Name FROM singer WHERE Age > 30')).toBe(true);
    expect(await accepts('SELECT Nme FROM singer')).toBe(false);
    expect(await accepts('SELECT Name FROM singer WHERE Agee > 30')).toBe(false);
    expect(await accepts('SELECT singer.Nme FROM singer')).toBe(false);
    expect(await accepts('SELECT T1.Nme FROM singer AS T1')).toBe(false);
  });

  it("another table's column through a table's own name, but not through an alias", async () => {
    // Capacity belongs to stadium. Through the table's name the grammar can tell ...
    expect(await accepts('SELECT stadium.Capacity FROM stadium')).toBe(true);
    expect(await accepts('SELECT singer.Capacity FROM singer')).toBe(false);
    // ... through an alias it cannot: which table T1 stands for is not context-free.
    expect(await accepts('SELECT T1.Capacity FROM singer AS T1')).toBe(true);
    // And an alias may not borrow a table's name to slip past that check.
    expect(await accepts('SELECT singer.Capacity FROM stadium AS singer')).toBe(false);
  });

  it('names that must be quoted, unquoted', async () => {
    const northwind = buildSqlGrammar(wholeSchema(await schemaOf(NORTHWIND_PATH))).text;
    expect(await grammarAccepts(northwind, 'SELECT count(*) FROM "Order"')).toBe(true);
    expect(await grammarAccepts(northwind, 'SELECT count(*) FROM `Order`')).toBe(true);
    expect(await grammarAccepts(northwind, 'SELECT count(*) FROM Order')).toBe(false);
  });

  it('whitespace other than single spaces, and functions SQLite does not have', async () => {
    expect(await accepts('SELECT Name  FROM singer')).toBe(false);
    expect(await accepts('SELECT Name\nFROM singer')).toBe(false);
    expect(await accepts(' SELECT Name FROM singer')).toBe(false);
    expect(await accepts('SELECT datediff(Age, 1) FROM singer')).toBe(false);
  });

  it('a double-quoted string only where a value goes', async () => {
    expect(await accepts('SELECT Name FROM singer WHERE Country = "France"')).toBe(true);
    expect(await accepts('SELECT "Nme" FROM singer')).toBe(false);
  });

  it('names the query defines: an output alias in ORDER BY, CTEs after WITH', async () => {
    expect(
      await accepts('SELECT Country, count(*) AS n FROM singer GROUP BY Country ORDER BY n DESC'),
    ).toBe(true);
    expect(
      await accepts(
        'WITH old AS (SELECT Name, Age FROM singer WHERE Age > 40) SELECT old.Name FROM old',
      ),
    ).toBe(true);
    expect(await accepts('SELECT n FROM singer')).toBe(false);
  });

  it('a bare ORDER BY name is an alias only when the select list defines one', async () => {
    // Birthdate-like typos: with no alias defined, the name must be a column of the schema.
    expect(await accepts('SELECT Name FROM singer ORDER BY Age DESC')).toBe(true);
    expect(await accepts('SELECT Name FROM singer ORDER BY Agee DESC')).toBe(false);
    expect(await accepts('SELECT Name FROM singer ORDER BY 1')).toBe(true);
    expect(await accepts('SELECT Name, Age FROM singer ORDER BY nme')).toBe(false);
    // An alias anywhere in the list makes defined names possible.
    expect(await accepts('SELECT Name, Age AS years FROM singer ORDER BY years')).toBe(true);
    expect(await accepts('SELECT Age AS years, Name FROM singer ORDER BY years')).toBe(true);
    // In a compound, the first select list names the result.
    expect(
      await accepts('SELECT Name AS who FROM singer UNION SELECT Name FROM singer ORDER BY who'),
    ).toBe(true);
    expect(
      await accepts('SELECT Name FROM singer UNION SELECT Name FROM singer ORDER BY who'),
    ).toBe(false);
    // A window's ORDER BY never takes an output alias.
    expect(
      await accepts('SELECT Name, rank() OVER (ORDER BY Age) AS r FROM singer ORDER BY r'),
    ).toBe(true);
  });

  it('only the tables and columns of a simplified schema', async () => {
    const narrow = buildSqlGrammar({ singer: ['Singer_ID', 'Name'] }).text;
    expect(await grammarAccepts(narrow, 'SELECT Name FROM singer')).toBe(true);
    expect(await grammarAccepts(narrow, 'SELECT Age FROM singer')).toBe(false);
    expect(await grammarAccepts(narrow, 'SELECT Name FROM stadium')).toBe(false);
  });
});

describe('answer frames', () => {
  const schema: GrammarSchema = { singer: ['Name', 'Age'] };

  it('a fenced answer is the fence and the statement, nothing else', async () => {
    const { text } = buildSqlGrammar(schema, { kind: 'fenced' });
    expect(await grammarAccepts(text, '```sql\nSELECT Name FROM singer;\n```')).toBe(true);
    expect(await grammarAccepts(text, 'SELECT Name FROM singer')).toBe(false);
    expect(await grammarAccepts(text, 'Here it is:\n```sql\nSELECT Name FROM singer\n```')).toBe(
      false,
    );
  });

  it('a noise-correction answer is the verdict, or one line of reason and a fenced SQL', async () => {
    const { text } = buildSqlGrammar(schema, {
      kind: 'verdict',
      correctText: 'The query is correct.',
    });
    expect(await grammarAccepts(text, 'The query is correct.')).toBe(true);
    expect(
      await grammarAccepts(
        text,
        'It should sort by age.\n```sql\nSELECT Name FROM singer ORDER BY Age\n```',
      ),
    ).toBe(true);
    expect(
      await grammarAccepts(text, 'It should sort by age.\n```sql\nSELECT Nme FROM singer\n```'),
    ).toBe(false);
    expect(
      await grammarAccepts(text, `${'x'.repeat(301)}\n\`\`\`sql\nSELECT Name FROM singer\n\`\`\``),
    ).toBe(false);
  });

  it('reports its size', () => {
    const grammar = buildSqlGrammar(schema);
    expect(grammar.bytes).toBe(new TextEncoder().encode(grammar.text).length);
    expect(grammar.rules).toBe(grammar.text.trim().split('\n').length);
  });
});
