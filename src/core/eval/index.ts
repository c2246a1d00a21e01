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
