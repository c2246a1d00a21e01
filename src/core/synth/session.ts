/**
 * One database and its models, wired for every step of the data lab: what the Data view and
 * `npm run synth` both build, so that the two run the same steps with the same prompts.
 */
import { scoreByExecution } from '../eval';
import type { RunBudget } from '../budget/call-prompt';
import type { ChatModel } from '../llm/chat';
import { fetchSampleRows } from '../pipeline/sample-rows';
import type { SampleRows } from '../schema/schema-text';
import { loadSqlParser } from '../sql/sql-reads';
import type { DbSchema } from '../schema/types';
import type { SqlExecutor } from '../sql/result';
import { exportFiles, type ExportFiles } from './export';
import type { JudgeDeps } from './judge';
import { buildTrainingSamples, type SampleContext, type TrainingSamples } from './multitask';
import { pipelinePromptRenderer, type RenderPrompt } from './pipeline-prompt';
import { schemaTexts, type SchemaTexts } from './schema-texts';
import type { SynthesisDeps } from './synthesize';
import type { SynthRunState } from './types';
import type { ExecutionMatcher, WeakDeps } from './weak';

export interface SynthDatabase {
  db: SqlExecutor;
  schema: DbSchema;
  samples: SampleRows;
  /** The strong model's and the judge's schema texts. */
  texts: SchemaTexts;
  /** The weak model's prompts and the training samples, as the pipeline renders them. */
  render: RenderPrompt;
}

export async function prepareDatabase(
  db: SqlExecutor,
  schema: DbSchema,
  budget?: RunBudget,
): Promise<SynthDatabase> {
  const samples = await fetchSampleRows(db, schema);
  return {
    db,
    schema,
    samples,
    texts: schemaTexts(schema, samples),
    render: pipelinePromptRenderer(schema, samples, budget),
  };
}

/** The same database with prompts fitted to a model's window (the weak model's, when known). */
export function withBudget(database: SynthDatabase, budget: RunBudget): SynthDatabase {
  return { ...database, render: pipelinePromptRenderer(database.schema, database.samples, budget) };
}

export interface SynthModels {
  strong: ChatModel;
  /** The strong model when not set apart. */
  judge?: ChatModel;
  /** null when there is no weak model: no weak answers, no preference pairs. */
  weak: ChatModel | null;
}

/**
 * The weak answer is right when it returns what the strong SQL returns, by the evaluation lab's
 * BIRD rule (rows as sets): pairs.json is a BIRD-format benchmark, so a pair counts the same
 * here as when the exported file is evaluated.
 */
export function executionMatcher(db: SqlExecutor): ExecutionMatcher {
  return async (goldSql, predictedSql, { timeoutMs }) => {
    const score = await scoreByExecution(db, goldSql, predictedSql, { rule: 'bird', timeoutMs });
    const failed = score.pred && !score.pred.ok ? score.pred.error : null;
    return {
      match: score.match,
      predictedError: failed ? (failed.detail ?? failed.message) : null,
    };
  };
}

export function synthesisDeps(database: SynthDatabase, strong: ChatModel): SynthesisDeps {
  const { db, schema, texts } = database;
  return { strong, db, schema, schemaText: texts.around };
}

export function judgeDeps(database: SynthDatabase, judge: ChatModel): JudgeDeps {
  const { db, schema, texts } = database;
  return { judge, db, schema, schemaText: texts.around };
}

export function weakDeps(database: SynthDatabase, weak: ChatModel): WeakDeps {
  return { weak, render: database.render, matcher: executionMatcher(database.db) };
}

export interface StepDeps {
  synthesis: SynthesisDeps;
  judge: JudgeDeps;
  weak: WeakDeps | null;
}

export function stepDeps(database: SynthDatabase, models: SynthModels): StepDeps {
  return {
    synthesis: synthesisDeps(database, models.strong),
    judge: judgeDeps(database, models.judge ?? models.strong),
    weak: models.weak ? weakDeps(database, models.weak) : null,
  };
}

export function sampleContext(database: SynthDatabase): SampleContext {
  return { schema: database.schema, render: database.render };
}

/** The training samples and the five export files of a run. */
export async function buildExport(
  state: SynthRunState,
  database: SynthDatabase,
): Promise<{ samples: TrainingSamples; files: ExportFiles }> {
  // The schema-linking targets read SQL with the parser's help where the tokenizer cannot.
  await loadSqlParser();
  const samples = await database.render.settle(() =>
    buildTrainingSamples(state, sampleContext(database)),
  );
  return { samples, files: exportFiles(state, samples) };
}
