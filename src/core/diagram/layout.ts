/**
 * Places the diagram's boxes with dagre (loaded on first use: nobody pays for it until the
 * Diagram view opens). Box sizes come from the text they hold, so the layout leaves room for
 * names without measuring the DOM; edges come back as polylines.
 */
import type { DiagramGraph, DiagramNode } from './schema-graph';

export const BOX = {
  header: 26,
  row: 18,
  charWidth: 7,
  padding: 12,
  minWidth: 120,
  /** Columns listed per box before "+ N more". */
  maxColumns: 14,
} as const;

export interface PlacedNode {
  node: DiagramNode;
  /** Top-left corner and size. */
  x: number;
  y: number;
  width: number;
  height: number;
  /** Columns drawn (the rest are counted in a "+ N more" line). */
  shownColumns: number;
}

export interface PlacedEdge {
  from: string;
  to: string;
  label: string;
  points: { x: number; y: number }[];
}

export interface DiagramLayout {
  nodes: PlacedNode[];
  edges: PlacedEdge[];
  width: number;
  height: number;
}

type Dagre = typeof import('@dagrejs/dagre');
type Point = { x: number; y: number };
let dagre: Promise<Dagre> | null = null;

function loadDagre(): Promise<Dagre> {
  dagre ??= import('@dagrejs/dagre').catch((error: unknown) => {
    dagre = null;
    throw error;
  });
  return dagre;
}

/** `keysOnly`: list only key columns (for large diagrams, where whole boxes would not be read). */
export function boxSize(
  node: DiagramNode,
  keysOnly: boolean,
): { width: number; height: number; shownColumns: number } {
  const columns = keysOnly
    ? node.columns.filter((c) => c.primaryKey || c.foreignKey)
    : node.columns;
  const shownColumns = Math.min(columns.length, BOX.maxColumns);
  const more =
    columns.length > shownColumns || (keysOnly && columns.length < node.columns.length) ? 1 : 0;
  const longest = Math.max(
    node.table.length + 4,
    ...columns.slice(0, shownColumns).map((c) => c.name.length + c.type.length + 5),
  );
  return {
    width: Math.max(BOX.minWidth, longest * BOX.charWidth + 2 * BOX.padding),
    height: BOX.header + (shownColumns + more) * BOX.row + 8,
    shownColumns,
  };
}

export async function layoutDiagram(
  graph: DiagramGraph,
  keysOnly: boolean,
): Promise<DiagramLayout> {
  const { graphlib, layout } = await loadDagre();
  const g = new graphlib.Graph({ multigraph: true });
  g.setGraph({ rankdir: 'LR', nodesep: 24, ranksep: 70, marginx: 16, marginy: 16 });
  g.setDefaultEdgeLabel(() => ({}));
  const sizes = new Map(graph.nodes.map((node) => [node.table, boxSize(node, keysOnly)]));
  for (const node of graph.nodes) {
    const size = sizes.get(node.table)!;
    g.setNode(node.table, { width: size.width, height: size.height });
  }
  graph.edges.forEach((edge, index) => {
    // A self-reference (employee → manager) is drawn as a loop by dagre; keep it.
    g.setEdge(edge.from, edge.to, {}, `e${index}`);
  });
  layout(g);
  const nodes = graph.nodes.map((node) => {
    const placed = g.node(node.table);
    const size = sizes.get(node.table)!;
    return {
      node,
      x: placed.x - size.width / 2,
      y: placed.y - size.height / 2,
      width: size.width,
      height: size.height,
      shownColumns: size.shownColumns,
    };
  });
  const edges = graph.edges.map((edge, index) => ({
    ...edge,
    points: (
      (g.edge({ v: edge.from, w: edge.to, name: `e${index}` })?.points ?? []) as Point[]
    ).map((p) => ({ x: p.x, y: p.y })),
  }));
  const label = g.graph();
  return { nodes, edges, width: label.width ?? 0, height: label.height ?? 0 };
}
