/**
 * Step 3, weak answers (SENSE): the small model answers each kept question with the pipeline's
 * plain Text2SQL prompt, k samples per question, and each answer is compared with the strong SQL
 * by execution. Wrong answers become preference pairs; right ones are counted.
 */
import { isAbort, stoppedError, toErrorPayload } from '../errors';
import type { ChatMessage, ChatModel } from '../llm/chat';
import { completeChat } from '../llm/complete';
import { isTransientFailure } from '../llm/retry';
import { findSql } from '../pipeline/parse-sql';
import { buildTextToSqlPrompt, chatRequest, DEFAULT_DECODING } from '../pipeline/prompts';
import type { RenderPrompt } from './pipeline-prompt';
import { forEachConcurrently } from './pool';
import type { StepOptions } from './synthesize';
import { isKept, type SynthPair, type SynthRunState, type WeakAnswer } from './types';

/** With several samples per question they must differ: sample warmer than the pipeline's greedy decoding. */
export const WEAK_SAMPLING_TEMPERATURE = 0.8;

/** The execution check of one weak SQL against the strong SQL (the evaluation lab's scorer). */
export type ExecutionMatcher = (
  goldSql: string,
  predictedSql: string,
  options: { timeoutMs: number },
) => Promise<{ match: boolean; predictedError: string | null }>;

export interface WeakDeps {
  weak: ChatModel;
  render: RenderPrompt;
  matcher: ExecutionMatcher;
}

/**
 * The prompt the weak model gets (the pipeline's plain Text2SQL call over the full schema), and
 * that the DPO samples and the first Text2SQL sample are built around.
 */
export function textToSqlMessages(
  pair: Pick<SynthPair, 'question' | 'evidence'>,
  render: RenderPrompt,
): ChatMessage[] {
  const question = { question: pair.question, hint: pair.evidence };
  return render(
    ({ schemaText }) => buildTextToSqlPrompt({ ...question, schemaText, simplified: false }),
    'full',
    question,
  );
}

async function answerOnce(
  pair: SynthPair,
  sample: number,
  deps: WeakDeps,
  settings: SynthRunState['settings'],
  signal?: AbortSignal,
): Promise<WeakAnswer> {
  const decoding = {
    ...DEFAULT_DECODING,
    temperature: settings.samples > 1 ? WEAK_SAMPLING_TEMPERATURE : DEFAULT_DECODING.temperature,
    topP: settings.samples > 1 ? 0.95 : DEFAULT_DECODING.topP,
  };
  const base: WeakAnswer = {
    sample,
    answer: '',
    sql: null,
    match: false,
    note: null,
    sqlError: null,
  };
  let answer: string;
  let finishReason: string;
  try {
    const done = await completeChat(
      deps.weak,
      chatRequest(await deps.render.settle(() => textToSqlMessages(pair, deps.render)), decoding),
      signal,
    );
    answer = done.text;
    finishReason = done.finishReason;
  } catch (error) {
    if (isAbort(error) || signal?.aborted) throw stoppedError();
    const failure = toErrorPayload(error);
    if (isTransientFailure(failure))
      return { ...base, note: `Not scored (server error): ${failure.message}`, serverError: true };
    return { ...base, note: `The call failed: ${failure.message}` };
  }
  const sql = findSql(answer);
  if (sql === null) return { ...base, answer, note: 'The answer held no SQL.' };
  const cut = finishReason === 'length';
  const { match, predictedError } = await deps.matcher(pair.sql, sql, {
    timeoutMs: settings.sqlTimeoutMs,
  });
  // A cut answer is never counted right, even when its prefix happens to run (as in the pipeline).
  const note = cut
    ? 'The answer was cut off at the token limit.'
    : predictedError !== null
      ? `SQLite error: ${predictedError}`
      : match
        ? null
        : 'Returns a different result.';
  return { ...base, answer, sql, match: match && !cut, note, sqlError: predictedError };
}

/** The k answers to one pair. */
export async function answerPair(
  pair: SynthPair,
  deps: WeakDeps,
  settings: SynthRunState['settings'],
  signal?: AbortSignal,
): Promise<WeakAnswer[]> {
  const answers: WeakAnswer[] = [];
  for (let sample = 0; sample < settings.samples; sample++)
    answers.push(await answerOnce(pair, sample, deps, settings, signal));
  return answers;
}

/**
 * Pairs in training that the weak model has not answered yet, or whose answers a server error
 * left unscored (they are asked again).
 */
export function awaitingWeak(state: SynthRunState): SynthPair[] {
  return state.pairs.filter(
    (p) => isKept(p) && (p.weak === null || p.weak.some((a) => a.serverError)),
  );
}

/** Answers every kept pair that has no weak answers yet, `concurrency` pairs at a time. */
export async function answerWithWeakModel(
  initial: SynthRunState,
  deps: WeakDeps,
  options: StepOptions = {},
): Promise<SynthRunState> {
  const state = structuredClone(initial);
  const waiting = awaitingWeak(state);
  await forEachConcurrently(
    waiting,
    state.settings.concurrency,
    async (pair) => {
      pair.weak = await answerPair(pair, deps, state.settings, options.signal);
      options.onUpdate?.(structuredClone(state));
    },
    options.signal,
  );
  if (options.signal?.aborted) throw stoppedError();
  return state;
}
