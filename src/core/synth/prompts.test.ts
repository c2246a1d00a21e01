import { describe, expect, it } from 'vitest';
import { EXAMPLE_SCHEMA_TEXT } from '../pipeline/example-schema';
import {
  AVOID_LIST_LIMIT,
  buildJudgePrompt,
  buildSynthesisPrompt,
  JUDGE_MARKER,
  SYNTHESIS_MARKER,
} from './prompts';

describe('buildSynthesisPrompt', () => {
  it('matches the snapshot', () => {
    expect(
      buildSynthesisPrompt({
        schemaText: EXAMPLE_SCHEMA_TEXT,
        count: 5,
        focusTables: ['books', 'loans'],
        difficulty: 'moderate',
        withEvidence: true,
        avoid: ['How many books are there?'],
      }),
    ).toMatchSnapshot();
  });

  it('asks for evidence only when told, and lists at most the last few questions to avoid', () => {
    const avoid = Array.from({ length: AVOID_LIST_LIMIT + 5 }, (_, i) => `Question ${i}?`);
    const [, user] = buildSynthesisPrompt({
      schemaText: 'CREATE TABLE t (a TEXT);',
      count: 2,
      focusTables: [],
      difficulty: 'simple',
      withEvidence: false,
      avoid,
    });
    expect(user?.content).toContain(SYNTHESIS_MARKER);
    expect(user?.content).not.toContain('"evidence"');
    expect(user?.content).not.toContain('- Question 4?');
    expect(user?.content).toContain(`- Question ${AVOID_LIST_LIMIT + 4}?`);
    expect(user?.content).toContain('Spread the questions over the tables');
  });
});

describe('buildJudgePrompt', () => {
  it('matches the snapshot', () => {
    const messages = buildJudgePrompt({
      schemaText: EXAMPLE_SCHEMA_TEXT,
      question: 'How many loans are open?',
      evidence: 'open refers to returned_on IS NULL',
      sql: 'SELECT count(*) FROM loans WHERE returned_on IS NULL',
      resultPreview: 'count(*)\n12',
    });
    expect(messages[1]?.content).toContain(JUDGE_MARKER);
    expect(messages).toMatchSnapshot();
  });
});
