import { describe, expect, it } from 'vitest';
import { formatSql } from './format-sql';

describe('formatSql', () => {
  it('lays a one-line query out on lines with upper-case keywords', async () => {
    const out = await formatSql(
      'select a, count(*) from "my table" t join b on t.id=b.tid where x>1 group by a',
    );
    expect(out).toBe(
      [
        'SELECT',
        '  a,',
        '  COUNT(*)',
        'FROM',
        '  "my table" t',
        '  JOIN b ON t.id = b.tid',
        'WHERE',
        '  x > 1',
        'GROUP BY',
        '  a',
      ].join('\n'),
    );
  });

  it('keeps SQLite-only syntax (square brackets, backticks) intact', async () => {
    const out = await formatSql('select [Order Id], `x` from t');
    expect(out).toContain('[Order Id]');
    expect(out).toContain('`x`');
  });

  it('reports SQL it cannot read as a typed error', async () => {
    await expect(formatSql('select # from t')).rejects.toMatchObject({ code: 'sql_error' });
  });

  it('leaves empty text alone', async () => {
    expect(await formatSql('  ')).toBe('  ');
  });
});
