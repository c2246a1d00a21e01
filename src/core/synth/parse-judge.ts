/**
 * Reading the judge's answer `{"match": true|false, "reason": "..."}`: fenced or not, with prose
 * around, single quotes, the verdict as a string ("yes", "false"), or a cut-off reason.
 */
import { AppError } from '../errors';

export interface JudgeAnswer {
  match: boolean;
  reason: string;
}

const TRUE_WORDS = new Set(['true', 'yes', 'match', 'correct']);
const FALSE_WORDS = new Set(['false', 'no', 'mismatch', 'incorrect']);

function verdictOf(value: string): boolean | null {
  const word = value.trim().toLowerCase();
  if (TRUE_WORDS.has(word)) return true;
  if (FALSE_WORDS.has(word)) return false;
  return null;
}

export function parseJudgeAnswer(answer: string): JudgeAnswer {
  // The key/value pair is read by pattern rather than JSON.parse: it survives single quotes,
  // prose after the object, and an answer cut off inside the reason.
  const match = /["']?match["']?\s*:\s*["']?(true|false|yes|no)\b/i.exec(answer);
  const reasonMatch = /["']?reason["']?\s*:\s*(["'])((?:\\.|(?!\1)[\s\S])*)\1?/i.exec(answer);
  const reason = reasonMatch
    ? (reasonMatch[2] ?? '')
        .replace(/\\(["'\\])/g, '$1')
        .replace(/\\n/g, ' ')
        .trim()
    : '';
  const verdict = match ? verdictOf(match[1] as string) : null;
  if (verdict !== null) return { match: verdict, reason };
  throw new AppError(
    'unparseable_answer',
    'The judge answered without a "match" verdict.',
    'Judge the pair yourself (accept or reject it), or run the judge again.',
    answer.slice(0, 500),
  );
}
