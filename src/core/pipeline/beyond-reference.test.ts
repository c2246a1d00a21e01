/** The three capabilities beyond ROUTE's stages, through the runner with a scripted model. */
import { beforeAll, describe, expect, it } from 'vitest';
import type { DbSchema } from '../schema/types';
import { createScriptedModel } from '../../test-support/scripted-model';
import { openTestDb } from '../../test-support/open-test-db';
import { spiderDatabasePath } from '../../test-support/shared-data';
import { DEFAULT_PIPELINE_SETTINGS } from './defaults';
import type { PipelineEvent, PipelineSettings, StageReport } from './events';
import { NOISE_CORRECTION_MARKER, TEXT_TO_SQL_MARKER } from './prompts';
import { RESULT_CHECK_MARKER } from './result-check-prompt';
import { runPipeline } from './runner';

type Session = Awaited<ReturnType<typeof openTestDb>>;
let db: Session;
let schema: DbSchema;
beforeAll(async () => {
  db = await openTestDb(spiderDatabasePath('concert_singer'));
  schema = db.readSchema();
});

const fence = (sql: string) => `\`\`\`sql\n${sql}\n\`\`\``;
/** Plain Text2SQL: the new switches alone decide what else runs. */
const PLAIN: Partial<PipelineSettings> = {
  schemaLinking: false,
  noiseCorrection: false,
  continuationWriting: false,
};

async function run(
  model: Parameters<typeof runPipeline>[1]['model'],
  settings: Partial<PipelineSettings>,
  question = 'q',
) {
  const events: PipelineEvent[] = [];
  const input = {
    question,
    hint: '',
    schema,
    settings: { ...DEFAULT_PIPELINE_SETTINGS, ...PLAIN, ...settings },
  };
  for await (const e of runPipeline(input, { model, db })) events.push(e);
  return events;
}

const reports = (events: PipelineEvent[], kind: StageReport['kind']) =>
  events.flatMap((e) => (e.type === 'report' && e.report.kind === kind ? [e.report] : []));
const verdict = (events: PipelineEvent[], stage: string) =>
  events.find(
    (e) =>
      (e.type === 'adopted' || e.type === 'rejected' || e.type === 'skipped') && e.stage === stage,
  );
const finalSql = (events: PipelineEvent[]) => {
  const end = events.at(-1);
  return end?.type === 'done' ? end.finalSql : undefined;
};

describe('the agreement vote', () => {
  it('draws k-1 samples at the vote temperature, runs them, and adopts the largest group', async () => {
    const model = createScriptedModel([
      {
        match: TEXT_TO_SQL_MARKER,
        answer: fence("SELECT count(*) FROM singer WHERE Country = 'france'"),
      },
      {
        match: TEXT_TO_SQL_MARKER,
        answer: fence("SELECT count(*) FROM singer WHERE Country = 'France'"),
      },
      {
        match: TEXT_TO_SQL_MARKER,
        answer: fence("SELECT COUNT(Singer_ID) FROM singer WHERE country = 'France'"),
      },
      { match: TEXT_TO_SQL_MARKER, answer: 'I cannot answer that.' },
    ]);
    const events = await run(
      model,
      { samples: 4, sampleTemperature: 0.8 },
      'How many singers are from France?',
    );
    expect(model.requests.map((r) => r.temperature)).toEqual([0.01, 0.8, 0.8, 0.8]);
    const [vote] = reports(events, 'vote');
    expect(vote).toMatchObject({ agreeing: 2, total: 4 });
    expect(vote?.kind === 'vote' && vote.samples.map((s) => s.group)).toEqual([1, 0, 0, null]);
    expect(vote?.kind === 'vote' && vote.samples[3]?.problem).toBe('no SQL in the answer');
    expect(verdict(events, 'sample_vote')).toMatchObject({ type: 'adopted' });
    expect(finalSql(events)).toBe("SELECT count(*) FROM singer WHERE Country = 'France'");
  });

  it('keeps SQL₀ when its group wins a tie; off, it is skipped', async () => {
    const model = createScriptedModel([
      { match: TEXT_TO_SQL_MARKER, answer: fence('SELECT count(*) FROM singer') },
      {
        match: TEXT_TO_SQL_MARKER,
        answer: fence("SELECT count(*) FROM singer WHERE Country = 'France'"),
      },
      { match: TEXT_TO_SQL_MARKER, answer: fence('SELECT count(Name) FROM singer') },
      {
        match: TEXT_TO_SQL_MARKER,
        answer: fence("SELECT count(*) FROM singer WHERE Age > 30 AND Country = 'France'"),
      },
    ]);
    const events = await run(model, { samples: 4 });
    expect(verdict(events, 'sample_vote')).toMatchObject({
      type: 'rejected',
      reason: '2 of 4 agree with SQL₀: it stays the current SQL',
    });
    const off = await run(createScriptedModel([{ answer: fence('SELECT 1') }]), { samples: 1 });
    expect(verdict(off, 'sample_vote')).toMatchObject({ type: 'skipped' });
  });
});

describe('result checks', () => {
  it("feed 'USA' matching no row to one correction call, adopted when the finding is gone", async () => {
    const model = createScriptedModel([
      { match: TEXT_TO_SQL_MARKER, answer: fence("SELECT Name FROM singer WHERE Country = 'USA'") },
      {
        match: RESULT_CHECK_MARKER,
        answer: `The data spells it out.\n${fence("SELECT Name FROM singer WHERE Country = 'United States'")}`,
      },
    ]);
    const events = await run(model, { resultChecks: true }, 'Names of singers from the USA?');
    const prompt = model.requests[1]?.messages.at(-1)?.content ?? '';
    expect(prompt).toContain(
      "Country = 'USA' matches no row of singer; the column holds 'United States' (1 row).",
    );
    const [checks] = reports(events, 'checks');
    expect(checks?.kind === 'checks' && checks.after).toEqual([]);
    expect(verdict(events, 'result_checks')).toMatchObject({ type: 'adopted' });
    expect(finalSql(events)).toBe("SELECT Name FROM singer WHERE Country = 'United States'");
  });

  it('keep the SQL when the correction leaves the finding, and ask nothing when nothing looks wrong', async () => {
    const model = createScriptedModel([
      { match: TEXT_TO_SQL_MARKER, answer: fence("SELECT Name FROM singer WHERE Country = 'USA'") },
      {
        match: RESULT_CHECK_MARKER,
        answer: fence("SELECT Name, Age FROM singer WHERE Country = 'USA'"),
      },
    ]);
    const events = await run(model, { resultChecks: true });
    expect(verdict(events, 'result_checks')).toMatchObject({
      type: 'rejected',
      reason: 'the corrected SQL runs, but the finding remains: the current SQL stays',
    });
    expect(finalSql(events)).toBe("SELECT Name FROM singer WHERE Country = 'USA'");

    const fine = createScriptedModel([
      { answer: fence("SELECT Name FROM singer WHERE Country = 'France'") },
    ]);
    const quiet = await run(fine, { resultChecks: true });
    expect(fine.requests).toHaveLength(1);
    expect(verdict(quiet, 'result_checks')).toMatchObject({
      type: 'rejected',
      reason: 'nothing to correct: no check found anything suspicious',
    });
  });
});

describe('result checks on SQL₀ and after noise correction', () => {
  const checksOf = (events: PipelineEvent[]) => {
    const all = reports(events, 'checks').flatMap((r) => (r.kind === 'checks' ? [r] : []));
    return {
      first: all.find((r) => r.of === 'first_sql'),
      current: all.find((r) => r.of === undefined),
    };
  };

  it("check SQL₀ too when noise correction replaced it, and ask nothing when the correction's SQL is clean", async () => {
    const model = createScriptedModel([
      { match: TEXT_TO_SQL_MARKER, answer: fence("SELECT Name FROM singer WHERE Country = 'USA'") },
      {
        match: NOISE_CORRECTION_MARKER,
        answer: fence("SELECT Name FROM singer WHERE Country = 'United States'"),
      },
    ]);
    const events = await run(model, { resultChecks: true, noiseCorrection: true });
    expect(verdict(events, 'noise_correction')).toMatchObject({ type: 'adopted' });
    const { first, current } = checksOf(events);
    expect(first?.sql).toBe("SELECT Name FROM singer WHERE Country = 'USA'");
    expect(first?.findings.map((f) => f.sentence)).toEqual([
      "Country = 'USA' matches no row of singer; the column holds 'United States' (1 row).",
    ]);
    expect(current?.findings).toEqual([]);
    expect(model.requests).toHaveLength(2);
    expect(verdict(events, 'result_checks')).toMatchObject({
      type: 'rejected',
      reason: 'nothing to correct: what the checks found on SQL₀ is gone after noise correction',
    });
    expect(finalSql(events)).toBe("SELECT Name FROM singer WHERE Country = 'United States'");
  });

  it('feed a finding noise correction brought in to the one correction call', async () => {
    const model = createScriptedModel([
      {
        match: TEXT_TO_SQL_MARKER,
        answer: fence("SELECT Name FROM singer WHERE Country = 'France'"),
      },
      {
        match: NOISE_CORRECTION_MARKER,
        answer: fence("SELECT Name FROM singer WHERE Country = 'USA'"),
      },
      {
        match: RESULT_CHECK_MARKER,
        answer: fence("SELECT Name FROM singer WHERE Country = 'United States'"),
      },
    ]);
    const events = await run(model, { resultChecks: true, noiseCorrection: true });
    const { first, current } = checksOf(events);
    expect(first?.findings).toEqual([]);
    expect(current?.sql).toBe("SELECT Name FROM singer WHERE Country = 'USA'");
    expect(current?.after).toEqual([]);
    const checkCalls = model.requests.filter((r) =>
      r.messages.some((m) => m.content.includes(RESULT_CHECK_MARKER)),
    );
    expect(checkCalls).toHaveLength(1);
    expect(checkCalls[0]?.messages.at(-1)?.content).toContain("Country = 'USA' matches no row");
    expect(verdict(events, 'result_checks')).toMatchObject({ type: 'adopted' });
    expect(finalSql(events)).toBe("SELECT Name FROM singer WHERE Country = 'United States'");
  });

  it('check once when noise correction kept SQL₀', async () => {
    const model = createScriptedModel([
      { match: TEXT_TO_SQL_MARKER, answer: fence("SELECT Name FROM singer WHERE Country = 'USA'") },
      { match: NOISE_CORRECTION_MARKER, answer: 'The query is correct.' },
      {
        match: RESULT_CHECK_MARKER,
        answer: fence("SELECT Name FROM singer WHERE Country = 'USA'"),
      },
    ]);
    const events = await run(model, { resultChecks: true, noiseCorrection: true });
    const { first, current } = checksOf(events);
    expect(first).toBeUndefined();
    expect(current?.findings).toHaveLength(1);
  });
});

describe('SQL constrained to the schema', () => {
  it('sends the grammar of the prompt schema when the engine takes one, and reports its size', async () => {
    const model = Object.assign(
      createScriptedModel([{ answer: fence('SELECT Name FROM singer') }]),
      {
        grammarSupport: () => ({ ok: true as const, via: 'test' }),
      },
    );
    const events = await run(model, { constrainSql: true });
    const grammar = model.requests[0]?.grammar ?? '';
    expect(grammar).toMatch(/^root ::= "```sql\\n" query/);
    expect(grammar).toContain('[sS] [tT] [aA] [dD] [iI] [uU] [mM]');
    const [report] = reports(events, 'grammar');
    expect(report).toMatchObject({
      kind: 'grammar',
      constrained: true,
      reason: null,
      compileMs: null,
    });
    expect(report?.kind === 'grammar' && report.bytes).toBe(
      new TextEncoder().encode(grammar).length,
    );
  });

  it('says why when the engine takes no grammar, and sends none', async () => {
    const model = createScriptedModel([{ answer: fence('SELECT Name FROM singer') }]);
    const events = await run(model, { constrainSql: true });
    expect(model.requests[0]?.grammar).toBeUndefined();
    expect(reports(events, 'grammar')[0]).toMatchObject({
      constrained: false,
      reason: 'this engine takes no grammar',
    });
    const off = await run(createScriptedModel([{ answer: fence('SELECT 1') }]), {});
    expect(reports(off, 'grammar')).toEqual([]);
  });
});
