import { describe, expect, it } from 'vitest';
import { parseBenchmark } from './benchmark';
import { resultsToCsv, resultsToJson, summaryToMarkdown, summaryToText } from './export';
import {
  agreementSignal,
  exByAgreement,
  exLine,
  exLines,
  latestResults,
  summarize,
  withResult,
  type QuestionResult,
} from './results';
import { pendingJobs } from './runner';
import {
  STANDARD_SETTINGS,
  applySetting,
  findStandardSetting,
  runnableSettings,
  withPromptStyle,
  withThinking,
} from './settings';
import { DEFAULT_PIPELINE_SETTINGS } from '../pipeline/defaults';
import { DEFAULT_SELECTION, selectQuestions } from './selection';
import { indexDatabaseFiles, indexDescriptionFiles, missingDatabases } from './database-files';
import { databasesNeeded } from './benchmark';
import {
  NO_PREDICTION_SQL,
  parsePredictions,
  toBirdPredictions,
  toSpiderPredictions,
} from './predictions';

const SPIDER = JSON.stringify([
  { db_id: 'concert_singer', question: 'How many singers?', query: 'SELECT count(*) FROM singer' },
  {
    db_id: 'pets_1',
    question: 'How many pets?',
    query: 'SELECT count(*) FROM pets',
    query_toks: [],
  },
]);
const BIRD = JSON.stringify([
  {
    question_id: 7,
    db_id: 'california_schools',
    question: 'Highest rate?',
    evidence: 'rate = a / b',
    SQL: 'SELECT max(a / b) FROM frpm',
    difficulty: 'simple',
  },
]);

describe('parseBenchmark', () => {
  it('reads Spider and BIRD files into one shape', () => {
    const spider = parseBenchmark(SPIDER, 'dev.json');
    expect(spider.format).toBe('spider');
    expect(spider.questions[1]).toEqual({
      index: 1,
      id: '1',
      dbId: 'pets_1',
      question: 'How many pets?',
      hint: '',
      goldSql: 'SELECT count(*) FROM pets',
      difficulty: null,
    });
    const bird = parseBenchmark(BIRD, 'dev.json');
    expect(bird.format).toBe('bird');
    expect(bird.questions[0]).toMatchObject({
      id: '7',
      hint: 'rate = a / b',
      difficulty: 'simple',
    });
  });

  it.each([
    ['{oops', /not valid JSON/],
    ['{"a": 1}', /not a list of questions/],
    ['[]', /list of questions is empty/],
    ['[{"db_id": "x", "question": "q"}]', /entry 1 has no "query"/],
    ['[{"db_id": "x", "question": "q", "query": "SELECT 1"}, 3]', /entry 2 is not an object/],
    [
      '[{"db_id": "", "question": "q", "query": "SELECT 1"}]',
      /entry 1 has an empty or non-text "db_id"/,
    ],
  ])('rejects %s with a clear message', (text, message) => {
    expect(() => parseBenchmark(text, 'bad.json')).toThrow(message);
    try {
      parseBenchmark(text, 'bad.json');
    } catch (error) {
      expect(error).toMatchObject({ code: 'invalid_benchmark' });
    }
  });
});

describe('database files', () => {
  it('finds <dir>/<db_id>.sqlite and <dir>/<db_id>/<db_id>.sqlite, preferring the own folder', () => {
    const index = indexDatabaseFiles([
      'database/concert_singer/concert_singer.sqlite',
      'database/concert_singer/schema.sql',
      'database/pets_1.sqlite',
      'spider/copies/concert_singer.sqlite',
      '__MACOSX/database/._x.sqlite',
      'database/car_1/car_1.db',
    ]);
    expect(Object.fromEntries(index)).toEqual({
      concert_singer: 'database/concert_singer/concert_singer.sqlite',
      pets_1: 'database/pets_1.sqlite',
      car_1: 'database/car_1/car_1.db',
    });
  });

  it("finds BIRD's description files by the database folder above database_description", () => {
    const index = indexDescriptionFiles([
      'dev_databases/california_schools/california_schools.sqlite',
      'dev_databases/california_schools/database_description/frpm.csv',
      'dev_databases/california_schools/database_description/schools.csv',
      'train/california_schools/database_description/FRPM.csv',
      'dev_databases\\card_games\\database_description\\cards.csv',
      '__MACOSX/dev_databases/card_games/database_description/._cards.csv',
      'dev_databases/card_games/cards.csv',
      'dev_databases/card_games/database_description/notes.txt',
    ]);
    expect(Object.fromEntries(index)).toEqual({
      california_schools: [
        'dev_databases/california_schools/database_description/frpm.csv',
        'dev_databases/california_schools/database_description/schools.csv',
      ],
      card_games: ['dev_databases\\card_games\\database_description\\cards.csv'],
    });
  });

  it('says which databases are missing and how many questions need them', () => {
    const benchmark = parseBenchmark(SPIDER, 'dev.json');
    expect(missingDatabases(databasesNeeded(benchmark), new Set(['concert_singer']))).toEqual([
      { dbId: 'pets_1', questions: 1 },
    ]);
  });
});

describe('predictions', () => {
  const benchmark = parseBenchmark(SPIDER, 'dev.json');

  it("reads Spider's predict.txt, with or without db_ids, skipping blank lines", () => {
    const plain = parsePredictions('SELECT 1\n\nSELECT 2\n', 'predict.txt', benchmark);
    expect(plain).toMatchObject({
      format: 'spider',
      sql: ['SELECT 1', 'SELECT 2'],
      count: 2,
      warnings: [],
    });
    const withDb = parsePredictions(
      'SELECT 1\tconcert_singer\r\nSELECT 2\tpets_1',
      'p.txt',
      benchmark,
    );
    expect(withDb.sql).toEqual(['SELECT 1', 'SELECT 2']);
  });

  it('warns about fewer predictions and rejects more, or lines for another database', () => {
    expect(parsePredictions('SELECT 1\n', 'p.txt', benchmark).warnings[0]).toMatch(
      /1 predictions for 2/,
    );
    expect(() => parsePredictions('a\nb\nc\n', 'p.txt', benchmark)).toThrow(
      /3 predictions for 2 questions/,
    );
    expect(() => parsePredictions('SELECT 1\tpets_1\n', 'p.txt', benchmark)).toThrow(
      /line 1 is for database "pets_1" but question 1 asks "concert_singer"/,
    );
  });

  it("reads BIRD's JSON", () => {
    const text = JSON.stringify({ '1': 'SELECT 2\t----- bird -----\tpets_1' });
    expect(parsePredictions(text, 'predict_dev.json', benchmark)).toMatchObject({
      format: 'bird',
      sql: [null, 'SELECT 2'],
      count: 1,
    });
    expect(() => parsePredictions('{"5": "x"}', 'p.json', benchmark)).toThrow(/past the last of 2/);
    expect(() =>
      parsePredictions('{"0": "SELECT 1\\t----- bird -----\\tpets_1"}', 'p.json', benchmark),
    ).toThrow(/key "0" is for database "pets_1"/);
  });

  it('writes both formats so that they read back', () => {
    const sql = ['SELECT a\nFROM t', null];
    const spiderText = toSpiderPredictions(sql);
    expect(spiderText).toBe(`SELECT a FROM t\n${NO_PREDICTION_SQL}\n`);
    expect(parsePredictions(spiderText, 'p.txt', benchmark).sql).toEqual([
      'SELECT a FROM t',
      NO_PREDICTION_SQL,
    ]);
    const birdText = toBirdPredictions(sql, ['concert_singer', 'pets_1']);
    expect(JSON.parse(birdText)).toEqual({
      '0': 'SELECT a FROM t\t----- bird -----\tconcert_singer',
      '1': '\t----- bird -----\tpets_1',
    });
    expect(parsePredictions(birdText, 'p.json', benchmark).sql).toEqual(['SELECT a FROM t', '']);
  });
});

describe('exports of results', () => {
  const benchmark = parseBenchmark(SPIDER, 'dev.json');
  const result = (settingId: string, index: number, match: boolean): QuestionResult => ({
    settingId,
    index,
    questionId: String(index),
    dbId: benchmark.questions[index]?.dbId ?? '',
    difficulty: 'easy',
    predSql: 'SELECT 1',
    match,
    goldFailed: false,
    reason: match ? 'The same 1 row as a multiset.' : 'The rows hold different values.',
    pipelineError: null,
    stages: [],
    calls: 1,
    promptTokens: 100,
    completionTokens: 10,
    elapsedMs: 1500,
  });
  const results = [
    result('ts', 0, true),
    result('ts', 1, false),
    result('all', 0, true),
    result('all', 1, true),
  ];
  const settings = STANDARD_SETTINGS.filter((s) => s.id === 'ts' || s.id === 'all');

  it('writes a Markdown summary with EX per setting and difficulty', () => {
    const md = summaryToMarkdown(results, settings, { benchmark, model: 'm', rule: 'Spider' });
    expect(md).toContain('| Setting | easy | all |');
    expect(md).toContain('| Text2SQL only | 50.0% (1/2) | 50.0% (1/2) |');
    expect(md).toContain('| All stages | 100.0% (2/2) | 100.0% (2/2) |');
    expect(md).toContain('| Text2SQL only | 1.00 | 110 | 1.50 |');
  });

  it('writes per-question CSV and JSON', () => {
    const csv = resultsToCsv(results, benchmark);
    expect(csv.split('\r\n')[1]).toBe(
      'ts,0,0,concert_singer,easy,How many singers?,SELECT count(*) FROM singer,SELECT 1,1,The same 1 row as a multiset.,1,100,10,1.5,,',
    );
    expect(JSON.parse(resultsToJson(results, benchmark))[1]).toMatchObject({
      match: false,
      question: 'How many pets?',
    });
    expect(exLine(summarize(results, 'ts').overall)).toBe('EX 1/2 (50.0%)');
  });
});

describe('questions a server error left unscored', () => {
  const benchmark = parseBenchmark(SPIDER, 'dev.json');
  const settings = STANDARD_SETTINGS.filter((s) => s.id === 'all');
  const result = (index: number, match: boolean, extra: Partial<QuestionResult> = {}) =>
    ({
      settingId: 'all',
      index,
      questionId: String(index),
      dbId: 'concert_singer',
      difficulty: 'easy',
      predSql: match ? 'SELECT 1' : null,
      match,
      goldFailed: false,
      reason: match ? 'The same 1 row as a multiset.' : 'No SQL to run.',
      pipelineError: null,
      stages: [],
      calls: 3,
      promptTokens: 100,
      completionTokens: 10,
      elapsedMs: 1000,
      ...extra,
    }) satisfies QuestionResult;
  const failed = 'SQL generation: The server answered with an error (503). (tried 5 times)';
  const results = [
    result(0, true, { retries: { '429': 2 } }),
    result(1, false),
    result(2, false, { unscored: failed, retries: { '503': 4 } }),
    result(3, true),
  ];

  it('counts them apart: EX over the scored and over all, and the retries by reason', () => {
    const summary = summarize(results, 'all');
    expect(summary.overall).toEqual({ matched: 2, total: 3 });
    expect(summary.overAll).toEqual({ matched: 2, total: 4 });
    expect(summary.unscored).toBe(1);
    expect(summary.retries).toEqual({ '429': 2, '503': 4 });
    expect(exLines(summary)).toEqual([
      'EX 2/3 (66.7%) over the 3 scored questions',
      'EX 2/4 (50.0%) over all 4 questions, 1 not scored (server error)',
    ]);
    expect(exLines(summarize(results.slice(0, 2), 'all'))).toEqual(['EX 1/2 (50.0%)']);
    const text = summaryToText(results, settings);
    expect(text).toContain('  retried calls: 6 (503: 4, 429: 2)\n');
    expect(text).toContain('EX 2/4 (50.0%) over all 4 questions, 1 not scored (server error)\n');
  });

  it('lists them with their error in summary.md and marks them in the CSV', () => {
    const md = summaryToMarkdown(results, settings, { benchmark, model: 'm', rule: 'Spider' });
    expect(md).toContain('| All stages | 1 | 66.7% (2/3) | 50.0% (2/4) |');
    expect(md).toContain(`| All stages | 2 | 2 | ${failed} |`);
    expect(md).toContain('| All stages | 6 (503: 4, 429: 2) |');
    const row = resultsToCsv(results, benchmark).split('\r\n')[3];
    expect(row).toContain(`,not scored (server error),${failed},`);
    expect(row?.endsWith(',503: 4')).toBe(true);
  });

  it('runs them again on resume, and the re-run replaces them', () => {
    const options = {
      benchmark,
      questions: [0, 1, 2, 3].map((index) => ({ ...benchmark.questions[0]!, index })),
      settings,
      base: DEFAULT_PIPELINE_SETTINGS,
      scoring: { rule: 'spider' as const, keepDistinct: false },
      done: results,
    };
    expect(pendingJobs(options).map((j) => j.question.index)).toEqual([2]);
    const rerun = result(2, true);
    expect(latestResults([...results, rerun]).find((r) => r.index === 2)).toBe(rerun);
    expect(withResult(results, rerun)).toEqual([results[0], results[1], rerun, results[3]]);
  });
});

describe('EX by agreement level', () => {
  const benchmark = parseBenchmark(SPIDER, 'dev.json');
  const voted = (index: number, agreeing: number, match: boolean): QuestionResult => ({
    settingId: 'all+vote',
    index,
    questionId: String(index),
    dbId: 'concert_singer',
    difficulty: 'easy',
    predSql: 'SELECT 1',
    match,
    goldFailed: false,
    reason: '',
    pipelineError: null,
    stages: [],
    agreement: { agreeing, total: 5 },
    calls: 2,
    promptTokens: 100,
    completionTokens: 10,
    elapsedMs: 1000,
  });
  const results = [
    voted(0, 5, true),
    voted(1, 3, false),
    voted(2, 5, true),
    voted(3, 3, true),
    voted(4, 5, false),
    voted(5, 4, true),
    { ...voted(6, 5, true), goldFailed: true },
    { ...voted(7, 5, true), settingId: 'all', agreement: null },
  ];
  const settings = STANDARD_SETTINGS.filter((s) => s.id === 'all' || s.id === 'all+vote');

  it('groups the scored runs that voted by agreement, most agreement first', () => {
    expect(exByAgreement(results)).toEqual([
      { agreeing: 5, total: 5, ex: { matched: 2, total: 3 } },
      { agreeing: 4, total: 5, ex: { matched: 1, total: 1 } },
      { agreeing: 3, total: 5, ex: { matched: 1, total: 2 } },
    ]);
    expect(summarize(results, 'all').byAgreement).toEqual([]);
    expect(agreementSignal(summarize(results, 'all+vote').byAgreement)).toBe(
      'EX is not higher when every sample agrees: 66.7% (2/3) against 66.7% (2/3) when they split.',
    );
    expect(
      agreementSignal([
        { agreeing: 3, total: 3, ex: { matched: 4, total: 5 } },
        { agreeing: 2, total: 3, ex: { matched: 1, total: 4 } },
      ]),
    ).toBe(
      'EX is higher when every sample agrees: 80.0% (4/5) against 25.0% (1/4) when they split.',
    );
    expect(agreementSignal([{ agreeing: 5, total: 5, ex: { matched: 1, total: 1 } }])).toBeNull();
  });

  it('reports it in the Markdown summary, the CLI text and the CSV', () => {
    const md = summaryToMarkdown(results, settings, {
      benchmark,
      model: 'm',
      rule: 'Spider',
      notes: ['Left out all+grammar: no grammar.'],
    });
    expect(md).toContain('## EX by agreement (runs that voted)');
    expect(md).toContain(
      '| All stages + agreement vote (5 samples, T 0.7) | 5 of 5 agree | 66.7% (2/3) |',
    );
    expect(md).toContain(
      '| All stages + agreement vote (5 samples, T 0.7) | 3 of 5 agree | 50.0% (1/2) |',
    );
    expect(md).not.toContain('| All stages | 5 of 5');
    expect(md.trimEnd().endsWith('Left out all+grammar: no grammar.')).toBe(true);
    const text = summaryToText(results, settings);
    expect(text).toContain('  4 of 5 agree: EX 1/1 (100.0%)');
    expect(text).toMatch(/^EX 4\/6 \(66\.7%\)$/m);
    expect(resultsToCsv(results, benchmark).split('\r\n')[2]?.endsWith(',3/5,')).toBe(true);
  });
});

describe('ablation rows beyond the reference', () => {
  it('has a row per switch on top of all stages, and ROUTE rows with the switches off', () => {
    const ids = STANDARD_SETTINGS.map((s) => s.id);
    expect(ids).toEqual(
      expect.arrayContaining(['ts', 'all', 'all+grammar', 'all+vote', 'all+checks', 'all+beyond']),
    );
    const base = {
      ...DEFAULT_PIPELINE_SETTINGS,
      constrainSql: true,
      samples: 3,
      resultChecks: true,
    };
    expect(applySetting(base, findStandardSetting('ts')!)).toMatchObject({
      constrainSql: false,
      samples: 1,
      resultChecks: false,
    });
    expect(applySetting(base, findStandardSetting('all+vote')!)).toMatchObject({
      schemaLinking: true,
      noiseCorrection: true,
      continuationWriting: true,
      constrainSql: false,
      samples: 5,
      sampleTemperature: 0.7,
      resultChecks: false,
    });
    expect(findStandardSetting('all+checks')?.overrides).toMatchObject({ resultChecks: true });
    expect(findStandardSetting('all+grammar')?.overrides).toMatchObject({ constrainSql: true });
  });

  it('leaves a constrained row out, saying why, when the engine takes no grammar', () => {
    const described = { descriptions: true };
    const { runnable, leftOut } = runnableSettings(
      STANDARD_SETTINGS,
      { ok: false, reason: 'Ollama takes no grammar' },
      described,
    );
    expect(leftOut.map((l) => l.setting.id)).toEqual(['all+grammar', 'all+beyond']);
    expect(leftOut[0]?.reason).toBe(
      'All stages + SQL constrained to the schema needs an engine that takes a grammar, and Ollama takes no grammar.',
    );
    expect(runnable.map((s) => s.id)).toContain('all+vote');
    expect(runnableSettings(STANDARD_SETTINGS, undefined, described).leftOut).toHaveLength(2);
    expect(
      runnableSettings(STANDARD_SETTINGS, { ok: true, via: "WebLLM's XGrammar" }, described)
        .leftOut,
    ).toEqual([]);
    // A server still connecting is not judged yet.
    expect(runnableSettings(STANDARD_SETTINGS, null, described).leftOut).toEqual([]);
  });

  it('leaves the descriptions row out, saying why, when the benchmark has no descriptions', () => {
    const grammar = { ok: true as const, via: "WebLLM's XGrammar" };
    const { runnable, leftOut } = runnableSettings(STANDARD_SETTINGS, grammar, {
      descriptions: false,
    });
    expect(leftOut.map((l) => l.setting.id)).toEqual(['all+descriptions']);
    expect(leftOut[0]?.reason).toBe(
      "All stages + the benchmark's column descriptions needs a benchmark with column descriptions (BIRD's database_description folders), and this one has none.",
    );
    expect(runnable.map((s) => s.id)).toContain('all+memory');
    expect(findStandardSetting('all+memory')?.overrides).toMatchObject({
      schemaLinking: true,
      noiseCorrection: true,
      continuationWriting: true,
      constrainSql: false,
    });
  });

  it("keeps a knowledge row's knowledge through the prompt-style and thinking variants", () => {
    const memory = findStandardSetting('all+memory')!;
    expect(withThinking(withPromptStyle(memory, 'zero_shot'), 'off')).toMatchObject({
      id: 'all+memory:zero_shot+think-off',
      knowledge: 'memory',
    });
  });
});

describe('selectQuestions', () => {
  const questions = Array.from({ length: 30 }, (_, i) => ({
    index: i,
    id: String(i),
    dbId: i < 10 ? 'a' : 'b',
    question: `q${i}`,
    hint: '',
    goldSql: 'SELECT 1',
    difficulty: i % 2 ? 'easy' : 'hard',
  }));
  it('takes the first N, a seeded random N (same seed, same questions), or a filter', () => {
    const base = { ...DEFAULT_SELECTION, count: 5 };
    expect(selectQuestions(questions, { ...base, mode: 'first' }).map((q) => q.index)).toEqual([
      0, 1, 2, 3, 4,
    ]);
    const r1 = selectQuestions(questions, { ...base, mode: 'random', seed: 7 }).map((q) => q.index);
    const r2 = selectQuestions(questions, { ...base, mode: 'random', seed: 7 }).map((q) => q.index);
    const r3 = selectQuestions(questions, { ...base, mode: 'random', seed: 8 }).map((q) => q.index);
    expect(r1).toEqual(r2);
    expect(r1).not.toEqual(r3);
    expect(r1).toHaveLength(5);
    expect([...r1].sort((a, b) => a - b)).toEqual(r1);
    expect(
      selectQuestions(questions, { ...base, dbId: 'a', difficulty: 'easy' }).map((q) => q.index),
    ).toEqual([1, 3, 5, 7, 9]);
  });
});
