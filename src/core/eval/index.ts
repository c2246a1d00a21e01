/**
 * The evaluation lab's public API, for the Evaluate view, `npm run eval` and other labs that
 * judge SQL by its result:
 *
 * - `compareResults(goldRows, predRows, rule)`: match + a reason sentence, by Spider's
 *   test-suite rule (`{ name: 'spider', orderMatters }`) or BIRD's (`{ name: 'bird' }`).
 * - `scoreByExecution(executor, goldSql, predSql, { rule, keepDistinct, timeoutMs })`: prepares
 *   both SQL as the official script does, runs them, compares.
 * - `executeForScoring` + `scoreOutcomes`: the same in two steps, to run a gold once and score
 *   many predictions against it (or group samples by result with `compareResults`).
 * - `spiderHardness(goldSql, schema)` with `readSpiderSchema(executor)`: Spider's difficulty.
 * - `parseBenchmark`, `parsePredictions`, `indexDatabaseFiles`: files in Spider's and BIRD's formats.
 * - `runEvaluation(options, deps)`: the pipeline over (setting, question) jobs, scored, resumable;
 *   a setting (`EvalSetting`) is any `Partial<PipelineSettings>` with an id and a label.
 * - `summarize`, `summaryToMarkdown`, `resultsToCsv`, `toSpiderPredictions`, ...: tables and exports.
 */
export {
  compareResults,
  rowKey,
  valueKey,
  type Comparison,
  type Rows,
  type ScoringRule,
} from './compare';
export {
  prepareForScoring,
  removeDistinct,
  spiderOrderMatters,
  type PrepareOptions,
  type RuleName,
} from './prepare-sql';
export {
  DEFAULT_SCORING_TIMEOUT_MS,
  SCORING_MAX_ROWS,
  executeForScoring,
  ruleFor,
  scoreByExecution,
  scoreOutcomes,
  type ExecutionOutcome,
  type ExecutionScore,
  type ScoringOptions,
} from './score';
export {
  DIFFICULTIES,
  SPIDER_SCHEMA_SQL,
  readSpiderSchema,
  spiderHardness,
  type Difficulty,
  type HardnessResult,
  type SpiderSchema,
} from './spider-hardness';
export {
  databasesNeeded,
  parseBenchmark,
  type Benchmark,
  type BenchmarkFormat,
  type BenchmarkQuestion,
} from './benchmark';
export { dbIdOfPath, indexDatabaseFiles, missingDatabases } from './database-files';
export {
  NO_PREDICTION_SQL,
  parsePredictions,
  toBirdPredictions,
  toSpiderPredictions,
  type ImportedPredictions,
} from './predictions';
export {
  STAGE_NAMES,
  parseResultLines,
  resultToJsonLine,
  summaryToText,
  resultsToCsv,
  resultsToJson,
  summaryTable,
  summaryToMarkdown,
  type SummaryTable,
} from './export';
export {
  SCORED_STAGES,
  agreementLabel,
  agreementSignal,
  exByAgreement,
  NOT_SCORED,
  exLine,
  exLines,
  isScored,
  latestResults,
  percent,
  summarize,
  withResult,
  type Agreement,
  type AgreementTally,
  type QuestionResult,
  type ScoredStage,
  type SettingSummary,
  type StageResult,
  type StageTally,
  type Tally,
} from './results';
export {
  jobKey,
  pendingJobs,
  runEvaluation,
  type EvalDatabase,
  type EvalDeps,
  type EvalOptions,
} from './runner';
export {
  ABLATION_VOTE,
  BEYOND_SETTINGS,
  KNOWLEDGE_SETTINGS,
  MEMORY_EXAMPLES,
  ROUTE_SETTINGS,
  STANDARD_SETTINGS,
  applySetting,
  findStandardSetting,
  runnableSettings,
  settingBlockedBy,
  withPromptStyle,
  withThinking,
  type BenchmarkExtras,
  type EvalSetting,
} from './settings';
export { formatDuration, progressLine, timeLeftMs, type EvalProgress } from './progress';
export { DEFAULT_SELECTION, selectQuestions, type QuestionSelection } from './selection';
export { checkBenchmark, type BenchmarkCheck } from './check';
