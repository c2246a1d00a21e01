import { AppError } from '../../errors';
import type { FinishReason } from '../../llm/chat';
import { noSqlError } from '../parse-sql';

/** The stage's error for an answer without SQL, naming the token limit when that is why. */
export function missingSqlError(finishReason: FinishReason): AppError {
  if (finishReason !== 'length') return noSqlError();
  return new AppError(
    'unparseable_answer',
    'The answer reached the token limit before it gave any SQL.',
    'Raise the token limit, run the stage again, or write the SQL yourself and re-run from here.',
  );
}
