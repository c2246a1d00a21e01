/**
 * Step 2, the noisy-correspondence filter: a judge (the strong model by default) reads each kept
 * pair with the first rows its SQL returns and says whether the SQL answers the question. Pairs
 * judged false leave training for the filtered list, with the judge's reason.
 */
import { isAbort, stoppedError, toErrorPayload } from '../errors';
import type { ChatModel } from '../llm/chat';
import { completeChat } from '../llm/complete';
import { chatRequest, DEFAULT_DECODING } from '../pipeline/prompts';
import { formatSampleValue } from '../schema/schema-text';
import { sqlReads } from '../sql/sql-reads';
import type { DbSchema } from '../schema/types';
import type { SqlExecutor } from '../sql/result';
import { parseJudgeAnswer } from './parse-judge';
import { forEachConcurrently } from './pool';
import { buildJudgePrompt } from './prompts';
import type { StepOptions } from './synthesize';
import type { JudgeVerdict, SynthPair, SynthRunState } from './types';
import { readOnlyExecutor } from '../sql/read-only';

export const JUDGE_PREVIEW_ROWS = 5;
export const JUDGE_MAX_TOKENS = 256;

export interface JudgeDeps {
  judge: ChatModel;
  db: SqlExecutor;
  schema: DbSchema;
  schemaText: (focusTables: string[]) => string;
}

async function resultPreview(db: SqlExecutor, sql: string, timeoutMs: number): Promise<string> {
  try {
    const result = await readOnlyExecutor(db).execute(sql, {
      timeoutMs,
      maxRows: JUDGE_PREVIEW_ROWS,
    });
    const lines = [result.columns.join(' | ')];
    for (const row of result.rows) lines.push(row.map(formatSampleValue).join(' | '));
    if (result.truncated) lines.push('...');
    return lines.join('\n');
  } catch (error) {
    return `(it failed to run: ${toErrorPayload(error).message})`;
  }
}

/** The judge's verdict on one pair; a failed call or an unreadable answer is a `failed` verdict, not a throw. */
export async function judgePair(
  pair: Pick<SynthPair, 'question' | 'evidence' | 'sql'>,
  deps: JudgeDeps,
  timeoutMs: number,
  signal?: AbortSignal,
): Promise<JudgeVerdict> {
  const messages = buildJudgePrompt({
    schemaText: deps.schemaText(sqlReads(pair.sql, deps.schema).tables),
    question: pair.question,
    evidence: pair.evidence,
    sql: pair.sql,
    resultPreview: await resultPreview(deps.db, pair.sql, timeoutMs),
  });
  let answer = '';
  try {
    const request = chatRequest(
      messages,
      { ...DEFAULT_DECODING, maxTokens: JUDGE_MAX_TOKENS },
      true,
    );
    answer = (await completeChat(deps.judge, request, signal)).text;
    const { match, reason } = parseJudgeAnswer(answer);
    return { status: 'judged', match, reason };
  } catch (error) {
    if (isAbort(error) || signal?.aborted) throw stoppedError();
    return { status: 'failed', error: toErrorPayload(error), answer };
  }
}

/** Pairs with no verdict; a call that failed before any answer came (a server down) is tried again. */
export function awaitingJudge(state: SynthRunState): SynthPair[] {
  return state.pairs.filter(
    (p) => p.judge === null || (p.judge.status === 'failed' && p.judge.answer === ''),
  );
}

/** Judges every pair that has no verdict yet, `concurrency` at a time. */
export async function judgePairs(
  initial: SynthRunState,
  deps: JudgeDeps,
  options: StepOptions = {},
): Promise<SynthRunState> {
  const state = structuredClone(initial);
  const waiting = awaitingJudge(state);
  await forEachConcurrently(
    waiting,
    state.settings.concurrency,
    async (pair) => {
      pair.judge = await judgePair(pair, deps, state.settings.sqlTimeoutMs, options.signal);
      options.onUpdate?.(structuredClone(state));
    },
    options.signal,
  );
  if (options.signal?.aborted) throw stoppedError();
  return state;
}
