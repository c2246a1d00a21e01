/**
 * One call's prompt as a stage asks for it (a builder and which schema to show) turned into the
 * messages to send: fitted to the window when the run knows its window and has a tokenizer,
 * counted when it only has a tokenizer, rendered with the default rows when it has neither.
 */
import type { AppError } from '../errors';
import type { ChatMessage } from '../llm/chat';
import type { EarlierTurn, PipelineSettings, SimplifiedSchema } from '../pipeline/events';
import {
  FULL_SCHEMA_SAMPLE_ROWS,
  renderSchemaText,
  SIMPLIFIED_SCHEMA_SAMPLE_ROWS,
  type SampleRows,
} from '../pipeline/schema-text';
import type { DbSchema } from '../schema/types';
import { countChatTokens, type TokenCounter } from '../tokens/token-counter';
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
}

interface Inputs {
  schema: DbSchema;
  samples: SampleRows;
  question: string;
  hint: string;
  settings: PipelineSettings;
  /** A follow-up's earlier turns, oldest first. */
  earlier?: readonly EarlierTurn[];
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

/** The messages for a call, or the error that says why it cannot be sent. */
export function prepareCallPrompt(
  prompt: CallPrompt,
  inputs: Inputs,
  budget: RunBudget,
): { ok: true; prompt: PreparedPrompt } | { ok: false; error: AppError } {
  const examples = inputs.settings.promptStyle === 'few_shot';
  const answerTokens = inputs.settings.maxTokens;
  const { counter, window } = budget;
  if (!counter || window === null) {
    const source = sourceFor(inputs, prompt.schema);
    const messages = prompt.build({
      schemaText: renderSchemaText(inputs.schema, {
        samples: inputs.samples,
        kept: source.kept,
        sampleRows: source.sampleRows,
      }),
      examples,
      earlier: inputs.earlier ?? [],
    });
    if (!counter) return { ok: true, prompt: { messages, budget: null } };
    return {
      ok: true,
      prompt: {
        messages,
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
  return {
    ok: true,
    prompt: {
      messages: result.messages,
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
