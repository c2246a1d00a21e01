import { beforeAll, describe, expect, it } from 'vitest';
import { openTestDb } from '../../test-support/open-test-db';
import { CHINOOK_PATH } from '../../test-support/shared-data';
import type { DbSchema } from '../schema/types';
import { neighbourhood, schemaGraph, visibleGraph } from './schema-graph';

let chinook: DbSchema;
beforeAll(async () => {
  chinook = (await openTestDb(CHINOOK_PATH)).readSchema();
});

describe('schemaGraph', () => {
  it('has a node per table with keys marked and an edge per foreign key', () => {
    const graph = schemaGraph(chinook);
    expect(graph.nodes).toHaveLength(11);
    const album = graph.nodes.find((n) => n.table === 'Album')!;
    expect(album.columns).toEqual([
      { name: 'AlbumId', type: 'INTEGER', primaryKey: true, foreignKey: false },
      { name: 'Title', type: 'NVARCHAR(160)', primaryKey: false, foreignKey: false },
      { name: 'ArtistId', type: 'INTEGER', primaryKey: false, foreignKey: true },
    ]);
    expect(graph.edges).toContainEqual({
      from: 'Album',
      to: 'Artist',
      label: 'Album.ArtistId → Artist.ArtistId',
    });
    expect(graph.edges).toHaveLength(11);
  });

  it('focuses on a table and its neighbours, and filters by name', () => {
    const graph = schemaGraph(chinook);
    expect([...neighbourhood(graph, 'Album')].sort()).toEqual(['Album', 'Artist', 'Track']);
    const focused = visibleGraph(graph, { focus: 'Album' });
    expect(focused.nodes.map((n) => n.table).sort()).toEqual(['Album', 'Artist', 'Track']);
    expect(focused.edges.map((e) => `${e.from}>${e.to}`).sort()).toEqual([
      'Album>Artist',
      'Track>Album',
    ]);
    const filtered = visibleGraph(graph, { filter: 'invoice' });
    expect(filtered.nodes.map((n) => n.table)).toEqual(['Invoice', 'InvoiceLine']);
    expect(filtered.edges).toEqual([
      { from: 'InvoiceLine', to: 'Invoice', label: 'InvoiceLine.InvoiceId → Invoice.InvoiceId' },
    ]);
  });
});
