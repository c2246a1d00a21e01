import { describe, expect, it } from 'vitest';
import { openTestDb } from '../../test-support/open-test-db';
import { CHINOOK_PATH } from '../../test-support/shared-data';
import type { DbSchema } from '../schema/types';
import { layoutDiagram } from './layout';
import { schemaGraph } from './schema-graph';

function overlaps(a: { x: number; y: number; width: number; height: number }, b: typeof a) {
  return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
}

/** A synthetic schema of `n` tables in a chain of foreign keys, to see a large layout work. */
function chain(n: number): DbSchema {
  return {
    tables: Array.from({ length: n }, (_, i) => ({
      name: `table_${i}`,
      kind: 'table' as const,
      columns: [
        {
          name: 'id',
          declaredType: 'INTEGER',
          notNull: false,
          defaultValue: null,
          primaryKeyOrdinal: 1,
        },
        {
          name: 'parent_id',
          declaredType: 'INTEGER',
          notNull: false,
          defaultValue: null,
          primaryKeyOrdinal: 0,
        },
      ],
      foreignKeys:
        i === 0
          ? []
          : [
              {
                columns: ['parent_id'],
                referencedTable: `table_${Math.floor((i - 1) / 3)}`,
                referencedColumns: ['id'],
              },
            ],
      indices: [],
      rowCount: 0,
      sql: null,
    })),
  };
}

describe('layoutDiagram', () => {
  it('places every Chinook table without overlaps and routes every foreign key', async () => {
    const chinook = (await openTestDb(CHINOOK_PATH)).readSchema();
    const placed = await layoutDiagram(schemaGraph(chinook), false);
    expect(placed.nodes).toHaveLength(11);
    for (const a of placed.nodes)
      for (const b of placed.nodes)
        if (a !== b) expect(overlaps(a, b), `${a.node.table}/${b.node.table}`).toBe(false);
    expect(placed.edges.every((e) => e.points.length >= 2)).toBe(true);
    const track = placed.nodes.find((n) => n.node.table === 'Track')!;
    expect(track.shownColumns).toBe(9);
  });

  it('lays out 150 tables', async () => {
    const placed = await layoutDiagram(schemaGraph(chain(150)), true);
    expect(placed.nodes).toHaveLength(150);
    expect(placed.edges).toHaveLength(149);
    expect(placed.width).toBeGreaterThan(0);
  });
});
