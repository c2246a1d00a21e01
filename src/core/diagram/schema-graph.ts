/**
 * The schema as a graph for the diagram: one node per table or view (its columns, primary and
 * foreign keys marked) and one edge per foreign key. Filtering and focusing (a table and its
 * neighbours) keep large schemas readable; edges whose ends are not both shown are dropped.
 */
import { findTable } from '../schema/lookup';
import type { DbSchema } from '../schema/types';

export interface DiagramColumn {
  name: string;
  type: string;
  primaryKey: boolean;
  foreignKey: boolean;
}

export interface DiagramNode {
  table: string;
  kind: 'table' | 'view';
  columns: DiagramColumn[];
  rowCount: number | null;
}

export interface DiagramEdge {
  from: string;
  to: string;
  /** `Album.ArtistId → Artist.ArtistId` (the referenced columns may be implicit: the primary key). */
  label: string;
}

export interface DiagramGraph {
  nodes: DiagramNode[];
  edges: DiagramEdge[];
}

export function schemaGraph(schema: DbSchema): DiagramGraph {
  const nodes = schema.tables.map((table) => {
    const fkColumns = new Set(
      table.foreignKeys.flatMap((fk) => fk.columns.map((c) => c.toLowerCase())),
    );
    return {
      table: table.name,
      kind: table.kind,
      rowCount: table.rowCount,
      columns: table.columns.map((column) => ({
        name: column.name,
        type: column.declaredType,
        primaryKey: column.primaryKeyOrdinal > 0,
        foreignKey: fkColumns.has(column.name.toLowerCase()),
      })),
    };
  });
  const edges: DiagramEdge[] = [];
  for (const table of schema.tables) {
    for (const fk of table.foreignKeys) {
      const target = findTable(schema, fk.referencedTable);
      if (!target) continue; // a key to a table that is not there draws nothing
      const targetColumns =
        fk.referencedColumns.length > 0
          ? fk.referencedColumns
          : target.columns.filter((c) => c.primaryKeyOrdinal > 0).map((c) => c.name);
      edges.push({
        from: table.name,
        to: target.name,
        label: `${table.name}.${fk.columns.join(', ')} → ${target.name}.${targetColumns.join(', ')}`,
      });
    }
  }
  return { nodes, edges };
}

/** The tables within `depth` foreign-key steps of `table` (either direction), itself included. */
export function neighbourhood(graph: DiagramGraph, table: string, depth = 1): Set<string> {
  const kept = new Set([table]);
  let frontier = [table];
  for (let step = 0; step < depth; step++) {
    const next: string[] = [];
    for (const edge of graph.edges) {
      for (const [a, b] of [
        [edge.from, edge.to],
        [edge.to, edge.from],
      ] as const) {
        if (frontier.includes(a) && !kept.has(b)) {
          kept.add(b);
          next.push(b);
        }
      }
    }
    frontier = next;
  }
  return kept;
}

/** The part of the graph to draw: tables matching `filter` (a substring), or around `focus`. */
export function visibleGraph(
  graph: DiagramGraph,
  options: { filter?: string; focus?: string | null; depth?: number },
): DiagramGraph {
  let keep: (name: string) => boolean = () => true;
  if (options.focus) {
    const around = neighbourhood(graph, options.focus, options.depth ?? 1);
    keep = (name) => around.has(name);
  } else if (options.filter?.trim()) {
    const needle = options.filter.trim().toLowerCase();
    keep = (name) => name.toLowerCase().includes(needle);
  }
  const nodes = graph.nodes.filter((n) => keep(n.table));
  const shown = new Set(nodes.map((n) => n.table));
  return { nodes, edges: graph.edges.filter((e) => shown.has(e.from) && shown.has(e.to)) };
}
