import { describe, expect, it } from 'vitest';
import { parseJudgeAnswer } from './parse-judge';

describe('parseJudgeAnswer', () => {
  it.each([
    ['{"match": true, "reason": "It counts the artists."}', true, 'It counts the artists.'],
    [
      '```json\n{"match": false, "reason": "It ignores the year."}\n```',
      false,
      'It ignores the year.',
    ],
    ["Verdict: {'match': 'yes', 'reason': 'fine'} done", true, 'fine'],
    [
      '{"reason": "The \\"year\\" filter is missing", "match": false}',
      false,
      'The "year" filter is missing',
    ],
    ['{"match": false, "reason": "It cuts off here', false, 'It cuts off here'],
    ['{"match":true}', true, ''],
  ])('%s', (answer, match, reason) => {
    expect(parseJudgeAnswer(answer)).toEqual({ match, reason });
  });

  it('fails with unparseable_answer without a verdict', () => {
    expect(() => parseJudgeAnswer('The query looks plausible.')).toThrow(
      expect.objectContaining({ code: 'unparseable_answer' }),
    );
  });
});
