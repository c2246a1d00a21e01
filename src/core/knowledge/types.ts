/**
 * What the playground knows about one database beyond its schema: questions answered right
 * before (examples) and what tables and columns mean (descriptions). Plain data: kept in
 * IndexedDB per database, exported as one JSON file, handed to the pipeline for its prompts.
 * Imports nothing, so the schema text and the budget can use these types without a cycle.
 */

/** Where an example came from: a run marked correct, a data-lab pair, a knowledge file, a benchmark. */
export type ExampleSource = 'run' | 'data_lab' | 'file' | 'benchmark';

export interface KnowledgeExample {
  id: string;
  question: string;
  /** The final SQL, as the person edited it. */
  sql: string;
  hint: string;
  source: ExampleSource;
  addedAt: number;
  /** The run it was marked from (History), when it came from one. */
  runId?: string;
  /**
   * Set when the SQL no longer runs on the database (its error), null when it ran at the last
   * check, absent when never checked. A broken example is not put in prompts.
   */
  broken?: string | null;
}

/** What a column means and what its values mean (BIRD's column_description and value_description). */
export interface ColumnNote {
  description: string;
  values: string;
}

export interface TableNotes {
  /** What the table holds; empty when nobody said. */
  description: string;
  /** Keyed by the column's name as the database spells it. */
  columns: Record<string, ColumnNote>;
}

/** Keyed by the table's name as the database spells it. */
export type SchemaDescriptions = Record<string, TableNotes>;

export interface DatabaseKnowledge {
  /** The schema's fingerprint (fingerprint.ts): a re-opened or re-downloaded copy finds it. */
  fingerprint: string;
  /** The name of the file it was last seen with, for the person's eyes only. */
  databaseName: string;
  examples: KnowledgeExample[];
  descriptions: SchemaDescriptions;
  updatedAt: number;
}

/** What a run's prompts may draw on: every example (ranked per call) and the descriptions. */
export interface RunKnowledge {
  examples: readonly KnowledgeExample[];
  /** How many examples a prompt gets at most (a setting). */
  k: number;
  descriptions: SchemaDescriptions;
  /** Examples never shown to this run (the evaluation's leave-out rule, leave-out.ts). */
  leaveOut?: (example: KnowledgeExample) => boolean;
}

/** An example as a prompt shows it: for schema linking, the tables and columns its SQL reads. */
export interface MemoryShot {
  id: string;
  question: string;
  hint: string;
  sql: string;
  links: Record<string, string[]>;
}

/** What one call's prompt used of the knowledge and what the budget left out, for its card. */
export interface KnowledgeUse {
  /** The examples the prompt shows, most similar first. */
  examples: { id: string; question: string }[];
  /** Examples ranked for this call that the budget left out. */
  examplesLeftOut: number;
  /** Columns (and tables) whose descriptions the schema text shows. */
  describedColumns: number;
  describedTables: number;
  /** Tables whose descriptions the budget left out (the least related ones). */
  descriptionTablesLeftOut: number;
}
