/**
 * What the playground knows about the open database (issue 19): remembered examples and
 * descriptions, loaded from IndexedDB by the schema's fingerprint, edited here, handed to every
 * run, exported and imported as one JSON file.
 */
import { AppError, toErrorPayload, type ErrorPayload } from '../core/errors';
import { databaseFingerprint, otherDatabaseError } from '../core/history/fingerprint';
import type { RunRecord } from '../core/history/run-record';
import {
  addExamples,
  emptyKnowledge,
  flagExamples,
  mergeDescriptions,
  removeExample,
  setNote,
  updateExample,
} from '../core/knowledge/edit';
import { readBirdDescriptions } from '../core/knowledge/bird-descriptions';
import { knowledgeFingerprint } from '../core/knowledge/fingerprint';
import {
  knowledgeFileName,
  knowledgeFileText,
  parseKnowledgeFile,
} from '../core/knowledge/knowledge-file';
import type {
  ColumnNote,
  DatabaseKnowledge,
  ExampleSource,
  KnowledgeExample,
  RunKnowledge,
  SchemaDescriptions,
} from '../core/knowledge/types';
import { createKnowledgeStore } from '../services/storage/knowledge-store';
import type { SliceCreator } from './slice';

export const DEFAULT_EXAMPLES_PER_PROMPT = 3;
const K_KEY = 'ttsql.knowledge-k.v1';
/** Each kept example's SQL is checked with this time limit. */
const CHECK_TIMEOUT_MS = 5_000;

export interface KnowledgeSlice {
  /** The open database's knowledge (empty until something is added); null with no database. */
  knowledge: DatabaseKnowledge | null;
  knowledgeError: ErrorPayload | null;
  /** A sentence about the last import, mark or check ("2 examples added"), for the view. */
  knowledgeNotice: string | null;
  /** Rows or files of the last description import that could not be used, one sentence each. */
  descriptionProblems: string[];
  /** How many remembered examples a prompt gets at most (0: none). */
  examplesPerPrompt: number;
  /** The example a card's link asked to show. */
  focusedExampleId: string | null;

  /** Loads the open database's knowledge when it is not the one loaded. */
  ensureKnowledge(): Promise<DatabaseKnowledge | null>;
  /** What a run's prompts may use; undefined when there is nothing to use. */
  knowledgeForRun(): Promise<RunKnowledge | undefined>;
  markRunCorrect(run: RunRecord): Promise<void>;
  addKnowledgeExamples(
    pairs: { question: string; sql: string; hint: string }[],
    source: ExampleSource,
  ): Promise<number>;
  editExample(
    id: string,
    change: Partial<Pick<KnowledgeExample, 'question' | 'sql' | 'hint'>>,
  ): Promise<void>;
  deleteExample(id: string): Promise<void>;
  /** Runs every example's SQL (read-only) and flags those that fail. */
  checkExamples(): Promise<void>;
  setDescription(table: string, column: string | null, note: ColumnNote | string): Promise<void>;
  mergeImportedDescriptions(descriptions: SchemaDescriptions, notice: string): Promise<void>;
  /** BIRD's `database_description` folder or its `<table>.csv` files. */
  importDescriptions(files: readonly File[]): Promise<void>;
  exportKnowledge(): { text: string; filename: string } | null;
  importKnowledge(file: Blob): Promise<void>;
  /** Deletes everything kept for the open database: its knowledge and its History runs. */
  forgetDatabase(): Promise<void>;
  setExamplesPerPrompt(k: number): void;
  showExample(id: string): void;
}

function readK(): number {
  try {
    const raw = Number(globalThis.localStorage?.getItem(K_KEY));
    return Number.isInteger(raw) && raw >= 0 && raw <= 20 && globalThis.localStorage?.getItem(K_KEY)
      ? raw
      : DEFAULT_EXAMPLES_PER_PROMPT;
  } catch {
    return DEFAULT_EXAMPLES_PER_PROMPT;
  }
}

function newId(): string {
  return (
    globalThis.crypto?.randomUUID?.() ?? `${Date.now()}-${Math.random().toString(36).slice(2)}`
  );
}

/** The run's final SQL as the person left it: their edit of the result's SQL, if any. */
export function answerOf(run: RunRecord): string | null {
  const edit = run.stages.result.edit;
  const edited = edit?.stage === 'result' ? edit.sql.trim() : '';
  return edited !== '' ? edited : run.finalSql;
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

export const createKnowledgeSlice: SliceCreator<KnowledgeSlice> = (set, get) => {
  const store = createKnowledgeStore();
  let loading: { fingerprint: string; promise: Promise<DatabaseKnowledge | null> } | null = null;

  const current = (): { fingerprint: string; name: string } | null => {
    const database = get().database;
    return database
      ? { fingerprint: knowledgeFingerprint(database.schema), name: database.name }
      : null;
  };

  const ensureKnowledge = async (): Promise<DatabaseKnowledge | null> => {
    const open = current();
    if (!open) {
      if (get().knowledge) set({ knowledge: null });
      return null;
    }
    const loaded = get().knowledge;
    if (loaded?.fingerprint === open.fingerprint) return loaded;
    if (loading?.fingerprint === open.fingerprint) return loading.promise;
    const promise = store
      .get(open.fingerprint)
      .catch((error: unknown) => {
        set({ knowledgeError: toErrorPayload(error) });
        return null;
      })
      .then((kept) => {
        const knowledge = kept ?? emptyKnowledge(open.fingerprint, open.name);
        if (current()?.fingerprint === open.fingerprint)
          set({ knowledge, knowledgeNotice: null, focusedExampleId: null });
        return knowledge;
      })
      .finally(() => {
        if (loading?.promise === promise) loading = null;
      });
    loading = { fingerprint: open.fingerprint, promise };
    return promise;
  };

  /** Applies a change to the open database's knowledge and keeps it. */
  const change = async (update: (k: DatabaseKnowledge) => DatabaseKnowledge): Promise<void> => {
    const knowledge = await ensureKnowledge();
    if (!knowledge) {
      set({
        knowledgeError: toErrorPayload(
          new AppError('no_database', 'Open a database first.', 'Open a database, then try again.'),
        ),
      });
      return;
    }
    const next = { ...update(knowledge), databaseName: current()?.name ?? knowledge.databaseName };
    set({ knowledge: next });
    try {
      await store.save(next);
      set({ knowledgeError: null });
    } catch (error) {
      set({ knowledgeError: toErrorPayload(error) });
    }
  };

  const addPairs: KnowledgeSlice['addKnowledgeExamples'] = async (pairs, source) => {
    const now = Date.now();
    let added = 0;
    await change((k) => {
      const result = addExamples(
        k,
        pairs.map((p) => ({
          id: newId(),
          question: p.question,
          sql: p.sql,
          hint: p.hint,
          source,
          addedAt: now,
        })),
        now,
      );
      added = result.added;
      return result.knowledge;
    });
    return added;
  };

  return {
    knowledge: null,
    knowledgeError: null,
    knowledgeNotice: null,
    descriptionProblems: [],
    examplesPerPrompt: readK(),
    focusedExampleId: null,

    ensureKnowledge,

    async knowledgeForRun() {
      const knowledge = await ensureKnowledge();
      if (!knowledge) return undefined;
      if (knowledge.examples.length === 0 && Object.keys(knowledge.descriptions).length === 0)
        return undefined;
      return {
        examples: knowledge.examples,
        k: get().examplesPerPrompt,
        descriptions: knowledge.descriptions,
      };
    },

    async markRunCorrect(run) {
      const database = get().database;
      const sql = answerOf(run);
      if (!database || !sql) return;
      const elsewhere = otherDatabaseError(
        run,
        database,
        'Open that database to remember this answer for it.',
      );
      if (elsewhere) {
        set({ knowledgeError: toErrorPayload(elsewhere) });
        return;
      }
      const now = Date.now();
      let added = 0;
      await change((k) => {
        const result = addExamples(
          k,
          [
            {
              id: newId(),
              question: run.question,
              sql,
              hint: run.hint,
              source: 'run',
              addedAt: now,
              runId: run.id,
            },
          ],
          now,
        );
        added = result.added;
        return result.knowledge;
      });
      set({
        knowledgeNotice:
          added > 0
            ? 'Remembered as a correct answer: similar questions will get it as an example.'
            : 'Already remembered.',
      });
    },

    async addKnowledgeExamples(pairs, source) {
      const added = await addPairs(pairs, source);
      const skipped = pairs.length - added;
      set({
        knowledgeNotice: `${plural(added, 'example')} added${skipped > 0 ? ` (${skipped} already kept or empty)` : ''}.`,
      });
      return added;
    },

    editExample: (id, edit) => change((k) => updateExample(k, id, edit, Date.now())),
    deleteExample: (id) => change((k) => removeExample(k, id, Date.now())),

    async checkExamples() {
      const knowledge = await ensureKnowledge();
      const client = get().dbClient;
      if (!knowledge || !client) return;
      const checked = new Map<string, string | null>();
      for (const example of knowledge.examples) {
        try {
          await client.execute(example.sql, { timeoutMs: CHECK_TIMEOUT_MS, maxRows: 1 });
          checked.set(example.id, null);
        } catch (error) {
          checked.set(example.id, toErrorPayload(error).message);
        }
      }
      const broken = [...checked.values()].filter((v) => v !== null).length;
      await change((k) => flagExamples(k, checked));
      set({
        knowledgeNotice:
          broken === 0
            ? `All ${plural(checked.size, 'example')} run on this database.`
            : `${plural(broken, 'example')} no longer run${broken === 1 ? 's' : ''} on this database (flagged, and left out of prompts).`,
      });
    },

    setDescription: (table, column, note) =>
      change((k) => ({
        ...k,
        descriptions: setNote(k.descriptions, table, column, note),
        updatedAt: Date.now(),
      })),

    async mergeImportedDescriptions(descriptions, notice) {
      await change((k) => ({
        ...k,
        descriptions: mergeDescriptions(k.descriptions, descriptions),
        updatedAt: Date.now(),
      }));
      set({ knowledgeNotice: notice });
    },

    async importDescriptions(files) {
      const database = get().database;
      if (!database) return;
      const csv = files.filter((f) => /\.csv$/i.test(f.name));
      if (csv.length === 0) {
        set({
          knowledgeError: toErrorPayload(
            new AppError(
              'unknown',
              'No .csv file was chosen.',
              "Choose BIRD's database_description folder, or its <table>.csv files.",
            ),
          ),
        });
        return;
      }
      const read = await readBirdDescriptions(
        await Promise.all(
          csv.map(async (f) => ({
            name: f.webkitRelativePath || f.name,
            bytes: new Uint8Array(await f.arrayBuffer()),
          })),
        ),
        database.schema,
      );
      const used = `Imported the descriptions of ${plural(read.columns, 'column')} in ${plural(read.tables, 'table')}.`;
      const left =
        read.problems.length > 0
          ? ` ${plural(read.problems.length, 'row or file')} could not be used (listed below).`
          : '';
      await get().mergeImportedDescriptions(read.descriptions, used + left);
      set({ descriptionProblems: read.problems });
    },

    exportKnowledge() {
      const knowledge = get().knowledge;
      if (!knowledge) return null;
      return {
        text: knowledgeFileText(knowledge, Date.now()),
        filename: knowledgeFileName(knowledge.databaseName),
      };
    },

    async importKnowledge(file) {
      try {
        const parsed = parseKnowledgeFile(await file.text(), newId, Date.now());
        const open = current();
        let added = 0;
        await change((k) => {
          const result = addExamples(k, parsed.examples, Date.now());
          added = result.added;
          return {
            ...result.knowledge,
            descriptions: mergeDescriptions(k.descriptions, parsed.descriptions),
          };
        });
        const other =
          open && parsed.fingerprint !== '' && parsed.fingerprint !== open.fingerprint
            ? ` The file was made for another schema (${parsed.databaseName || 'unnamed'}): check its examples.`
            : '';
        const skipped =
          parsed.skipped > 0 ? ` ${plural(parsed.skipped, 'malformed entry')} skipped.` : '';
        set({
          knowledgeNotice: `Imported ${plural(added, 'example')} and the descriptions of ${plural(Object.keys(parsed.descriptions).length, 'table')}.${skipped}${other}`,
          knowledgeError: null,
        });
      } catch (error) {
        set({ knowledgeError: toErrorPayload(error) });
      }
    },

    async forgetDatabase() {
      const open = current();
      const database = get().database;
      if (!open || !database) return;
      try {
        await store.remove(open.fingerprint);
      } catch (error) {
        set({ knowledgeError: toErrorPayload(error) });
        return;
      }
      const hash = databaseFingerprint(
        database.name,
        database.sizeBytes,
        database.schema,
      ).schemaHash;
      for (const run of get().history.filter((r) => r.database.schemaHash === hash))
        await get().deleteHistoryRun(run.id);
      set({
        knowledge: emptyKnowledge(open.fingerprint, open.name),
        knowledgeNotice:
          'Everything kept for this database (its knowledge and its History runs) was deleted.',
      });
    },

    setExamplesPerPrompt(k) {
      if (!Number.isInteger(k) || k < 0 || k > 20) return;
      try {
        globalThis.localStorage?.setItem(K_KEY, String(k));
      } catch {
        // The setting still applies to this visit.
      }
      set({ examplesPerPrompt: k });
    },

    showExample(id) {
      set({ focusedExampleId: id });
      get().showView('knowledge');
    },
  };
};
