/**
 * An answer the engine ended with finish reason `length` was cut off: by the answer limit
 * (max_tokens) or by the context window filling up. Its SQL may be a prefix that happens to
 * run, so noise correction and continuation writing never adopt it (PIPELINE.md).
 */
import type { ChatUsage, FinishReason } from '../llm/chat';

export type CutBy = 'answer_limit' | 'window';

const fmt = (n: number) => n.toLocaleString('en-US');

/** Which limit cut the answer; null when it ended on its own. */
export function cutBy(
  finishReason: FinishReason,
  usage: ChatUsage,
  maxTokens: number,
  window: number | null,
): CutBy | null {
  if (finishReason !== 'length') return null;
  const { promptTokens, completionTokens } = usage;
  if (completionTokens !== null && completionTokens >= maxTokens) return 'answer_limit';
  if (window !== null && promptTokens !== null && completionTokens !== null) {
    if (promptTokens + completionTokens >= window) return 'window';
  }
  // An engine that reports no counts: the answer limit is the limit it was given.
  return completionTokens === null ? 'answer_limit' : 'window';
}

/**
 * The card's sentence for a cut answer. `thinkingAllowance` is the part of `maxTokens` that was
 * the thinking allowance (0 when none was given); `whileThinking`: the model had not answered.
 */
export function cutNote(
  cut: CutBy,
  maxTokens: number,
  window: number | null,
  thinking: { allowance: number; whileThinking: boolean } = { allowance: 0, whileThinking: false },
): string {
  const room =
    thinking.allowance > 0
      ? `${fmt(maxTokens)} tokens (${fmt(maxTokens - thinking.allowance)} of answer + ${fmt(thinking.allowance)} of thinking allowance)`
      : `${fmt(maxTokens)} tokens`;
  if (thinking.whileThinking)
    return cut === 'answer_limit'
      ? `The model ran out while thinking: it reached the limit of ${room} before it answered, so there is no answer.`
      : `The model ran out while thinking: the model's context window${window !== null ? ` of ${fmt(window)} tokens` : ''} filled up before it answered, so there is no answer.`;
  return cut === 'answer_limit' && thinking.allowance > 0
    ? `The answer was cut off: it reached the limit of ${room}.`
    : cut === 'answer_limit'
      ? `The answer was cut off: it reached the answer limit of ${fmt(maxTokens)} tokens.`
      : `The answer was cut off: the model's context window${window !== null ? ` of ${fmt(window)} tokens` : ''} filled up.`;
}

/** Short label for the call's header. */
export function cutLabel(cut: CutBy): string {
  return cut === 'answer_limit' ? 'cut off by the answer limit' : 'cut off by the context window';
}

/** Why a cut answer's SQL was not adopted (the verdict sentence). */
export function cutRejection(cut: CutBy, what: 'corrected' | 'completed'): string {
  const limit = cut === 'answer_limit' ? 'the answer limit' : 'the context window';
  return `kept the original: the answer was cut off by ${limit}, so its ${what} SQL may be incomplete and was not run`;
}
