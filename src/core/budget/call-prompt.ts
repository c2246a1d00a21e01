/**
 * One call's prompt as a stage asks for it (a builder and which schema to show) turned into the
 * messages to send: fitted to the window when the run knows its window and has a tokenizer,
 * counted when it only has a tokenizer, rendered with the default rows when it has neither.
 */
import type { AppError } from '../errors';
import type { ChatMessage } from '../llm/chat';
import type { SimplifiedSchema } from '../schema/types';
import type { EarlierTurn } from '../thread/earlier-turn';
import {
  FULL_SCHEMA_SAMPLE_ROWS,
  renderSchemaText,
  SIMPLIFIED_SCHEMA_SAMPLE_ROWS,
  type SampleRows,
} from '../schema/schema-text';
import type { DbSchema } from '../schema/types';
import { countChatTokens, type TokenCounter } from '../tokens/token-counter';
import { notesFor } from '../knowledge/descriptions';
import { memoryShots } from '../knowledge/memory-shots';
import type { KnowledgeUse, MemoryShot, RunKnowledge } from '../knowledge/types';
import { describedCount, shownTables } from '../schema/schema-text';
import {
  fitNote,
  fitPrompt,
  type FitResult,
  type PromptBuilder,
  type SchemaSource,
} from './fit-prompt';

export interface CallPrompt {
  build: PromptBuilder;
  /** The schema the prompt shows: the full one, or a simplified one. */
  schema: 'full' | SimplifiedSchema;
  /**
   * Noise correction and continuation writing: a simplified schema to show instead when the full
   * one does not fit whole (a deviation from the reference, written in PIPELINE.md).
   */
  fallback?: SimplifiedSchema | null;
  /** Tables never left out (those the SQL under review reads). */
  pinnedTables?: readonly string[];
  /** The call shows remembered examples of this database (schema linking, SQL generation). */
  memory?: boolean;
}

/** What the card shows about the prompt: its counted tokens and what the budget did. */
export interface PromptBudget {
  promptTokens: number;
  countedBy: string;
  /** null when the window is not known (the prompt was counted, not fitted). */
  window: number | null;
  answerTokens: number;
  notes: string[];
  /** A follow-up's earlier turns this prompt left out to fit (absent: none, or not fitted). */
  turnsLeftOut?: number;
  /** The part of `answerTokens` that is a thinking model's allowance (absent: none). */
  thinkingAllowance?: number;
  /** The engine's own count before sending (a server's /tokenize), when it can give one. */
  engineCount?: { tokens: number; by: string };
}

export interface RunBudget {
  counter: TokenCounter | null;
  window: number | null;
  /** Tokens held back for an engine whose tokenizer counts longer than `counter` (see run-context). */
  reserve?: number;
}

export interface PreparedPrompt {
  messages: ChatMessage[];
  budget: PromptBudget | null;
  /** What the prompt used of the database's knowledge; null when it had none to use. */
  knowledge: KnowledgeUse | null;
}

/** What the budget reads of a run's settings (the pipeline's settings have these and more). */
export interface BudgetSettings {
  /** 'few_shot' prompts carry worked examples the budget may drop. */
  promptStyle: string;
  /** The answer room every prompt leaves in the window. */
  maxTokens: number;
}

interface Inputs {
  schema: DbSchema;
  samples: SampleRows;
  question: string;
  hint: string;
  settings: BudgetSettings;
  /** A follow-up's earlier turns, oldest first. */
  earlier?: readonly EarlierTurn[];
  /** Remembered examples and descriptions of this database. */
  knowledge?: RunKnowledge;
}

function sourceFor(inputs: Inputs, schema: 'full' | SimplifiedSchema): SchemaSource {
  const kept = schema === 'full' ? null : schema;
  return {
    schema: inputs.schema,
    samples: inputs.samples,
    kept,
    sampleRows: kept ? SIMPLIFIED_SCHEMA_SAMPLE_ROWS : FULL_SCHEMA_SAMPLE_ROWS,
  };
}

const tableCount = (kept: SimplifiedSchema) => Object.keys(kept).length;

/** The examples a call's prompt may show, ranked for its question and the schema it shows. */
function shotsFor(prompt: CallPrompt, inputs: Inputs): MemoryShot[] {
  if (!prompt.memory) return [];
  const linked = prompt.schema === 'full' ? null : Object.keys(prompt.schema);
  return memoryShots(inputs.knowledge, inputs.question, inputs.schema, linked);
}

/** What a prompt rendered whole (not fitted) used of the knowledge. */
function wholeUse(
  inputs: Inputs,
  shots: readonly MemoryShot[],
  kept: SimplifiedSchema | null,
): KnowledgeUse | null {
  const descriptions = inputs.knowledge?.descriptions;
  let describedColumns = 0;
  let describedTables = 0;
  for (const table of shownTables(inputs.schema, kept)) {
    const count = describedCount(table, kept, notesFor(descriptions, table.name));
    describedColumns += count;
    if (count > 0) describedTables++;
  }
  return knowledgeUse(shots, shots.length, describedColumns, describedTables, 0);
}

function knowledgeUse(
  shots: readonly MemoryShot[],
  kept: number,
  describedColumns: number,
  describedTables: number,
  descriptionTablesLeftOut: number,
): KnowledgeUse | null {
  if (shots.length === 0 && describedColumns === 0 && descriptionTablesLeftOut === 0) return null;
  return {
    examples: shots.slice(0, kept).map((shot) => ({ id: shot.id, question: shot.question })),
    examplesLeftOut: shots.length - kept,
    describedColumns,
    describedTables,
    descriptionTablesLeftOut,
  };
}

/** "2 remembered examples; descriptions of 6 columns", for the card. */
export function knowledgeNote(use: KnowledgeUse): string {
  const parts: string[] = [];
  const n = use.examples.length;
  if (n > 0 || use.examplesLeftOut > 0) parts.push(`${n} remembered example${n === 1 ? '' : 's'}`);
  if (use.describedColumns > 0)
    parts.push(
      `descriptions of ${use.describedColumns} column${use.describedColumns === 1 ? '' : 's'}`,
    );
  const left: string[] = [];
  if (use.examplesLeftOut > 0)
    left.push(`${use.examplesLeftOut} example${use.examplesLeftOut === 1 ? '' : 's'}`);
  if (use.descriptionTablesLeftOut > 0)
    left.push(
      `the descriptions of ${use.descriptionTablesLeftOut} table${use.descriptionTablesLeftOut === 1 ? '' : 's'}`,
    );
  const used = parts.length > 0 ? parts.join('; ') : 'no remembered knowledge';
  return left.length > 0 ? `${used} (left out to fit: ${left.join(', ')})` : used;
}

/** The messages for a call, or the error that says why it cannot be sent. */
export function prepareCallPrompt(
  prompt: CallPrompt,
  inputs: Inputs,
  budget: RunBudget,
): { ok: true; prompt: PreparedPrompt } | { ok: false; error: AppError } {
  const examples = inputs.settings.promptStyle === 'few_shot';
  const answerTokens = inputs.settings.maxTokens;
  const { counter, window } = budget;
  const shots = shotsFor(prompt, inputs);
  const descriptions = inputs.knowledge?.descriptions ?? null;
  if (!counter || window === null) {
    const source = sourceFor(inputs, prompt.schema);
    const messages = prompt.build({
      schemaText: renderSchemaText(inputs.schema, {
        samples: inputs.samples,
        kept: source.kept,
        sampleRows: source.sampleRows,
        descriptions,
      }),
      examples,
      earlier: inputs.earlier ?? [],
      memory: shots,
    });
    const knowledge = wholeUse(inputs, shots, source.kept);
    if (!counter) return { ok: true, prompt: { messages, budget: null, knowledge } };
    return {
      ok: true,
      prompt: {
        messages,
        knowledge,
        budget: {
          promptTokens: countChatTokens(counter, messages),
          countedBy: counter.source,
          window: null,
          answerTokens,
          notes: ['The model\u2019s context window is not known, so the prompt was not fitted.'],
        },
      },
    };
  }

  const fit = (schema: 'full' | SimplifiedSchema): FitResult =>
    fitPrompt({
      build: prompt.build,
      examples,
      source: sourceFor(inputs, schema),
      question: inputs.question,
      hint: inputs.hint,
      earlier: inputs.earlier,
      pinnedTables: prompt.pinnedTables,
      memory: shots,
      descriptions,
      counter,
      window,
      answerTokens,
      reserve: budget.reserve ?? 0,
    });

  let result = fit(prompt.schema);
  const notes: string[] = [];
  const fallback = prompt.fallback && tableCount(prompt.fallback) > 0 ? prompt.fallback : null;
  const fullDidNotFit = !result.ok || result.summary.tablesLeftOut > 0;
  if (prompt.schema === 'full' && fallback && fullDidNotFit) {
    const simplified = fit(fallback);
    if (simplified.ok) {
      result = simplified;
      notes.push(
        `The full schema does not fit the window whole, so this call shows the simplified schema (${tableCount(fallback)} tables).`,
      );
    }
  }
  if (!result.ok) return { ok: false, error: result.error };
  const note = fitNote(result.summary);
  if (note) notes.push(note);
  const { summary } = result;
  return {
    ok: true,
    prompt: {
      messages: result.messages,
      knowledge: knowledgeUse(
        shots,
        summary.memoryKept,
        summary.describedColumns,
        summary.describedTables,
        summary.descriptionTablesLeftOut,
      ),
      budget: {
        promptTokens: result.summary.promptTokens,
        countedBy: result.summary.countedBy,
        window,
        answerTokens,
        notes,
        ...(result.summary.turnsLeftOut > 0 ? { turnsLeftOut: result.summary.turnsLeftOut } : {}),
      },
    },
  };
}
