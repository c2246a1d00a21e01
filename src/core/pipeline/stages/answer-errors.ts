import { AppError } from '../../errors';
import type { FinishReason } from '../../llm/chat';
import { noSqlError } from '../parse-sql';

/** The stage's error for an answer without SQL, naming the token limit when that is why. */
export function missingSqlError(finishReason: FinishReason, whileThinking = false): AppError {
  if (finishReason !== 'length') return noSqlError();
  if (whileThinking)
    return new AppError(
      'unparseable_answer',
      'The model ran out of tokens while it was still thinking: it never gave an answer.',
      'Raise the thinking allowance (or the answer limit), switch thinking off for this run, or write the SQL yourself and re-run from here.',
    );
  return new AppError(
    'unparseable_answer',
    'The answer reached the token limit before it gave any SQL.',
    'Raise the token limit, run the stage again, or write the SQL yourself and re-run from here.',
  );
}
