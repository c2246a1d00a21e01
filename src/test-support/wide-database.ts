/**
 * Generated databases wider than any sample: 60 or 600 tables of an imaginary company, either
 * numeric-heavy (amounts, quantities, timestamps: Qwen spends a token per digit) or with long
 * text. Deterministic, as SQL text, so unit tests run it in sql.js and e2e writes a file.
 * Test-only: never imported by the app.
 */

export type WideKind = 'numeric' | 'long_text';

export interface WideDatabaseOptions {
  tables: 60 | 600 | number;
  kind: WideKind;
  /** Rows per table (default 3). */
  rows?: number;
}

const ENTITIES = [
  'customer',
  'orders',
  'invoice',
  'payment',
  'shipment',
  'product',
  'supplier',
  'warehouse',
  'employee',
  'department',
  'project',
  'task',
  'ticket',
  'account',
  'ledger',
  'asset',
  'contract',
  'region',
  'store',
  'campaign',
];
const ASPECTS = [
  '',
  'history',
  'detail',
  'archive',
  'log',
  'item',
  'note',
  'rate',
  'snapshot',
  'audit',
  'budget',
  'forecast',
  'target',
  'score',
  'review',
  'tag',
  'link',
  'event',
  'status',
  'metric',
  'plan',
  'quota',
  'claim',
  'refund',
  'visit',
  'alert',
  'batch',
  'cost',
  'price',
  'stock',
];

/** The table names, in creation order: every entity first, then entity_aspect pairs. */
export function wideTableNames(count: number): string[] {
  const names: string[] = [];
  for (const aspect of ASPECTS) {
    for (const entity of ENTITIES) {
      if (names.length === count) return names;
      names.push(aspect === '' ? entity : `${entity}_${aspect}`);
    }
  }
  return names;
}

const LOREM =
  'Quarterly review notes mention delayed deliveries, revised pricing terms, a pending audit of the regional accounts and follow-up calls planned with the supplier about damaged goods and missing paperwork';

function value(kind: WideKind, column: number, row: number, table: number): string {
  const h = ((table * 7919 + row * 104729 + column * 1299709) % 2147483647) >>> 0;
  if (kind === 'numeric') {
    if (column % 3 === 0) return String((h % 10_000_000) / 100);
    if (column % 3 === 1) {
      const day = 1 + (h % 28);
      const month = 1 + (h % 12);
      return `'20${10 + (h % 15)}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')} ${String(h % 24).padStart(2, '0')}:${String(h % 60).padStart(2, '0')}:00'`;
    }
    return String(h % 1_000_000);
  }
  return `'${LOREM.slice(h % 20)} #${h % 1000}'`;
}

/** CREATE TABLE and INSERT statements for the whole database. */
export function wideDatabaseSql(options: WideDatabaseOptions): string {
  const names = wideTableNames(options.tables);
  const rows = options.rows ?? 3;
  const statements: string[] = [];
  names.forEach((name, t) => {
    const entity = name.split('_')[0] as string;
    const parent = name === entity ? null : entity;
    const columns = [
      'id INTEGER PRIMARY KEY',
      ...(parent ? [`${parent}_id INTEGER REFERENCES ${parent}(id)`] : []),
      'name TEXT',
    ];
    const extra =
      options.kind === 'numeric'
        ? [
            'amount REAL',
            'created_at DATETIME',
            'quantity INTEGER',
            'unit_price REAL',
            'updated_at DATETIME',
            'reference_no INTEGER',
            'balance REAL',
            'closed_at DATETIME',
          ]
        : ['description TEXT', 'comment TEXT', 'remarks TEXT', 'summary TEXT'];
    columns.push(...extra);
    statements.push(`CREATE TABLE ${name} (${columns.join(', ')});`);
    for (let r = 1; r <= rows; r++) {
      const values = [String(r), ...(parent ? [String(1 + (r % 3))] : []), `'${name} ${r}'`];
      extra.forEach((_, c) => values.push(value(options.kind, c, r, t)));
      statements.push(`INSERT INTO ${name} VALUES (${values.join(', ')});`);
    }
  });
  return statements.join('\n');
}
