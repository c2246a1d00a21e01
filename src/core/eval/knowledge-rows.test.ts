/**
 * The evaluation's knowledge rows (issue 19) on a real Spider database: all+memory gives each
 * question the other questions of its database with their gold SQL, minus those with its own
 * SQL after normalisation; all+descriptions puts BIRD's column descriptions into the prompts.
 */
import { afterAll, describe, expect, it } from 'vitest';
import {
  createScriptedModel,
  lastUserMessage,
  promptKind,
} from '../../test-support/scripted-model';
import { sharedDataAvailable } from '../../test-support/shared-data';
import { spiderDatabases } from '../../test-support/spider-databases';
import type { ChatRequest } from '../llm/chat';
import { DEFAULT_PIPELINE_SETTINGS } from '../pipeline/defaults';
import { MEMORY_EXAMPLES_HEADING } from '../pipeline/prompts';
import { parseBenchmark, type Benchmark } from './benchmark';
import { summarize, type QuestionResult } from './results';
import { runEvaluation, type EvalDeps } from './runner';
import { findStandardSetting, type EvalSetting } from './settings';

const QUESTIONS = [
  ['concert_singer', 'How many singers do we have?', 'SELECT count(*) FROM singer'],
  // The same query as the first, asked and written differently: never shown to it.
  ['concert_singer', 'What is the total number of singers?', 'select COUNT(*) from "singer" ;'],
  ['concert_singer', 'Show the name of every singer.', 'SELECT name FROM singer'],
  ['concert_singer', 'What is the average age of all singers?', 'SELECT avg(age) FROM singer'],
  [
    'concert_singer',
    'How many singers are male?',
    "SELECT count(*) FROM singer WHERE is_male = 'T'",
  ],
  // Another database: its question shares words with the first, but is not its memory.
  ['pets_1', 'How many singers of pets do we have?', 'SELECT count(*) FROM pets'],
] as const;

const BENCHMARK: Benchmark = parseBenchmark(
  JSON.stringify(QUESTIONS.map(([db_id, question, query]) => ({ db_id, question, query }))),
  'knowledge.json',
);

/** The question a prompt asks: its last "Question:" line (remembered examples come before it). */
function askedIn(request: ChatRequest): string {
  const lines = lastUserMessage(request)
    .split('\n')
    .filter((l) => l.startsWith('Question: '));
  return (lines.at(-1) ?? '').slice('Question: '.length).trim();
}

/** The remembered examples' questions a prompt shows (those after the memory heading). */
function rememberedIn(request: ChatRequest): string[] {
  const text = lastUserMessage(request);
  const at = text.indexOf(MEMORY_EXAMPLES_HEADING);
  if (at < 0) return [];
  const questions = text
    .slice(at)
    .split('\n')
    .filter((l) => l.startsWith('Question: '))
    .map((l) => l.slice('Question: '.length).trim());
  return questions.slice(0, -1); // the last one is the question asked
}

/** Answers every question with its gold SQL and keeps every request. */
function goldModel() {
  const gold = new Map(BENCHMARK.questions.map((q) => [q.question, q.goldSql]));
  return createScriptedModel([
    {
      times: Infinity,
      answer: (request) => {
        const kind = promptKind(request.messages);
        if (kind === 'schema_links') return '{}';
        if (kind === 'noise_correction') return 'The query is correct.';
        return '```sql\n' + (gold.get(askedIn(request)) ?? 'SELECT 1') + '\n```';
      },
    },
  ]);
}

/** A BIRD description file for concert_singer's singer table. */
const SINGER_CSV = [
  'original_column_name,column_name,column_description,data_format,value_description',
  'Is_male,is male,whether the singer is a man,text,"T = male, F = female"',
  'Age , ,age in years,integer,',
  'Nickname,,no such column,text,',
].join('\r\n');

describe.skipIf(!sharedDataAvailable())('the knowledge rows of the evaluation', () => {
  const spider = spiderDatabases();
  const deps = (model: EvalDeps['model'], described: Record<string, string> = {}): EvalDeps => {
    return {
      model,
      database: spider.database(),
      async descriptionFiles(dbId) {
        return Object.entries(described)
          .filter(([path]) => path.startsWith(`${dbId}/`))
          .map(([name, text]) => ({ name, bytes: new TextEncoder().encode(text) }));
      },
    };
  };
  afterAll(() => spider.closeAll());

  async function run(
    setting: EvalSetting,
    model: EvalDeps['model'],
    described?: Record<string, string>,
  ): Promise<QuestionResult[]> {
    const results: QuestionResult[] = [];
    for await (const r of runEvaluation(
      {
        benchmark: BENCHMARK,
        questions: BENCHMARK.questions,
        settings: [setting],
        base: DEFAULT_PIPELINE_SETTINGS,
        scoring: { rule: 'spider' },
        memoryExamples: 10,
      },
      deps(model, described),
    ))
      results.push(r);
    return results;
  }

  it('gives each question the other questions of its database, minus those with its own SQL', async () => {
    const model = goldModel();
    const setting = findStandardSetting('all+memory') as EvalSetting;
    const results = await run(setting, model);
    expect(summarize(results, 'all+memory').overall).toEqual({ matched: 6, total: 6 });
    // What each question's SQL-generation prompt remembered, by the question asked.
    const shown = new Map<string, string[]>();
    for (const request of model.requests)
      if (promptKind(request.messages) === 'sql_generation')
        shown.set(askedIn(request), rememberedIn(request).sort());
    const [q0, q1, q2, q3, q4, q5] = [
      QUESTIONS[0][1],
      QUESTIONS[1][1],
      QUESTIONS[2][1],
      QUESTIONS[3][1],
      QUESTIONS[4][1],
      QUESTIONS[5][1],
    ];
    // Every concert_singer question that shares a word with the first, but not the first
    // itself, not its paraphrase (same SQL after normalisation), not pets_1's question.
    expect(shown.get(q0)).toEqual([q3, q4, q2].sort());
    expect(shown.get(q1)).toEqual([q3, q4, q2].sort());
    expect(shown.get(q4)).toEqual([q0, q1, q3, q2].sort());
    // pets_1 has one question: nothing else to remember.
    expect(shown.get(q5)).toEqual([]);
  }, 60_000);

  it('puts no memory in the prompts of the plain all-stages row', async () => {
    const model = goldModel();
    await run(findStandardSetting('all') as EvalSetting, model);
    expect(model.requests.length).toBeGreaterThan(0);
    expect(model.requests.every((r) => rememberedIn(r).length === 0)).toBe(true);
    expect(model.requests.some((r) => lastUserMessage(r).includes('whether the singer'))).toBe(
      false,
    );
  }, 60_000);

  it("puts the benchmark's column descriptions beside their columns", async () => {
    const model = goldModel();
    await run(findStandardSetting('all+descriptions') as EvalSetting, model, {
      'concert_singer/database_description/singer.csv': SINGER_CSV,
    });
    const asked = (question: string) =>
      model.requests.filter(
        (r) => askedIn(r) === question && promptKind(r.messages) === 'pseudo_sql',
      );
    const [singerPrompt] = asked(QUESTIONS[0][1]);
    const [petsPrompt] = asked(QUESTIONS[5][1]);
    const text = lastUserMessage(singerPrompt as ChatRequest);
    // "is male" says no more than Is_male, so the reader keeps the description alone.
    expect(text).toContain(
      '  Is_male BOOLEAN, -- whether the singer is a man; values: T = male, F = female\n',
    );
    expect(text).toContain('  Age NUMBER, -- age in years\n');
    expect(rememberedIn(singerPrompt as ChatRequest)).toEqual([]);
    // pets_1 has no description files: its prompt says nothing of the kind.
    expect(lastUserMessage(petsPrompt as ChatRequest)).not.toContain('whether the singer');
  }, 60_000);
});
