/**
 * Thinking is not answer (PIPELINE.md): a thinking model's reasoning, inline or in a field, is
 * split off before any parser reads the answer, shown apart, and given its own allowance.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { DbSchema } from '../schema/types';
import { createScriptedModel, promptKind } from '../../test-support/scripted-model';
import type { ScriptStep } from '../../test-support/scripted-model';
import { openTestDb } from '../../test-support/open-test-db';
import { CHINOOK_PATH } from '../../test-support/shared-data';
import { runToEnd } from '../../test-support/pipeline-run';
import { DEFAULT_PIPELINE_SETTINGS } from './defaults';
import type { PipelineSettings } from './events';
import { NOISE_CORRECTION_MARKER, SCHEMA_LINKING_MARKER, TEXT_TO_SQL_MARKER } from './prompts';
import { SEEN_THINKING, type ThinkingEvidence } from '../llm/thinking';
import type { TokenCounter } from '../tokens/token-counter';
import type { ChatRequest } from '../llm/chat';

let chinook: Awaited<ReturnType<typeof openTestDb>>;
let schema: DbSchema;
beforeAll(async () => {
  chinook = await openTestDb(CHINOOK_PATH);
  schema = chinook.readSchema();
});

const fence = (sql: string) => `\`\`\`sql\n${sql}\n\`\`\``;
// AC/DC (ArtistId 1) has two albums; the draft inside the thinking keeps one.
const RIGHT = 'SELECT Title FROM Album WHERE ArtistId = 1';
const DRAFT = 'SELECT Title FROM Album WHERE ArtistId = 1 LIMIT 1';

const isKind = (kind: string) => (request: ChatRequest) => promptKind(request.messages) === kind;

async function run(
  script: ScriptStep[],
  settings: Partial<PipelineSettings> = {},
  deps: { thinking?: ThinkingEvidence; tokens?: TokenCounter; contextWindow?: number } = {},
) {
  const model = createScriptedModel(script);
  const input = {
    question: 'Which albums did AC/DC release?',
    hint: '',
    schema,
    settings: { ...DEFAULT_PIPELINE_SETTINGS, ...settings },
  };
  return { model, ...(await runToEnd(input, { model, db: chinook, ...deps })) };
}

/** Every call of the pipeline, each with a wrong draft inside its thinking. */
function thinkingScript(style: 'inline' | 'field'): ScriptStep[] {
  const step = (kind: string, thought: string, answer: string): ScriptStep =>
    style === 'inline'
      ? { match: isKind(kind), answer: `<think>\n${thought}\n</think>\n\n${answer}` }
      : { match: isKind(kind), thinking: thought, answer };
  return [
    step(
      'schema_links',
      'Maybe {"Genre": ["Name"], "Invoice": ["Total"]} is what is needed.',
      '{"Album": ["Title", "ArtistId"]}',
    ),
    step('pseudo_sql', `Draft: ${fence('SELECT Name FROM Genre')}`, fence(RIGHT)),
    // The real answer is plain SQL: read with the thinking in, the fenced draft would win.
    step('sql_generation', `First try:\n${fence(DRAFT)}\nNo: all albums are asked.`, `${RIGHT};`),
    step(
      'noise_correction',
      `The query is correct? Perhaps instead ${fence(DRAFT)}`,
      'The query is correct.',
    ),
  ];
}

describe('a thinking model in the pipeline', () => {
  it.each(['inline', 'field'] as const)(
    'reads every answer without its %s thinking: the real answer wins',
    async (style) => {
      const { of, final } = await run(thinkingScript(style));
      const parsed = of('parsed', 'schema_linking')[0]?.output;
      // Neither Genre nor Invoice, which only the thinking named, reaches the simplified schema.
      expect(parsed?.stage === 'schema_linking' && Object.keys(parsed.simplifiedSchema)).toEqual([
        'Album',
      ]);
      expect(parsed?.stage === 'schema_linking' && parsed.pseudoSql).toBe(RIGHT);
      expect(of('adopted', 'sql_generation')[0]?.sql).toBe(RIGHT);
      // The noise-correction verdict is "correct"; the SQL inside its thinking is not a correction.
      expect(of('parsed', 'noise_correction')[0]?.output).toEqual({
        stage: 'noise_correction',
        verdict: 'correct',
        sql: null,
      });
      expect(final?.finalSql).toBe(RIGHT);
      expect(final?.outcome?.ok && final.outcome.result.rows).toEqual([
        ['For Those About To Rock We Salute You'],
        ['Let There Be Rock'],
      ]);
    },
  );

  it.each(['inline', 'field'] as const)(
    'reports the %s thinking apart from the answer, streamed and whole',
    async (style) => {
      const { of } = await run(thinkingScript(style));
      const finished = of('call_finished', 'sql_generation')[0];
      expect(finished?.answer).toBe(`${RIGHT};`);
      expect(finished?.thinking).toBe(`First try:\n${fence(DRAFT)}\nNo: all albums are asked.`);
      const streamedThinking = of('thinking', 'sql_generation')
        .map((e) => e.text)
        .join('');
      const streamedAnswer = of('token', 'sql_generation')
        .map((e) => e.text)
        .join('');
      expect(streamedThinking).toContain(DRAFT);
      expect(streamedAnswer).not.toContain('LIMIT 1');
      expect(streamedAnswer.trim()).toBe(`${RIGHT};`);
    },
  );

  it('counts the thinking with the run’s counter', async () => {
    const words: TokenCounter = {
      source: 'test',
      count: (t) => t.split(/\s+/).filter(Boolean).length,
    };
    const { of } = await run(thinkingScript('field'), {}, { tokens: words });
    expect(of('call_finished', 'sql_generation')[0]?.thinkingTokens).toBe(
      words.count(`First try:\n${fence(DRAFT)}\nNo: all albums are asked.`),
    );
  });

  it('leaves the thinking uncounted, and the answer adopted, when the tokenizer fails', async () => {
    // A tokenizer in a worker that has died: counting fails, fitting (no window here) is not asked.
    const broken: TokenCounter = {
      source: 'a failed worker',
      count: (t) => t.length,
      settle: () => Promise.reject(new Error('The tokenizer worker stopped unexpectedly.')),
    };
    const { of, final } = await run(thinkingScript('field'), {}, { tokens: broken });
    expect(of('call_finished', 'sql_generation')[0]?.thinkingTokens).toBeNull();
    expect(final?.outcome?.ok).toBe(true);
    // With a window the prompt cannot be fitted: nothing is sent, and the run says why.
    const fitted = await run(thinkingScript('field'), {}, { tokens: broken, contextWindow: 4096 });
    expect(fitted.model.requests).toHaveLength(0);
    expect(JSON.stringify(fitted.events)).toContain('The tokenizer worker stopped unexpectedly.');
  });

  it('marks an answer cut while thinking, adopts nothing from it and says why', async () => {
    const { of, final } = await run(
      [
        {
          match: TEXT_TO_SQL_MARKER,
          answer: `<think>\nLet me see. ${fence(DRAFT)} runs, but is it`,
          finishReason: 'length',
          usage: { completionTokens: 1024 },
        },
      ],
      { schemaLinking: false, noiseCorrection: false, continuationWriting: false },
    );
    const finished = of('call_finished', 'sql_generation')[0];
    expect(finished?.answer).toBe('');
    expect(finished?.cutWhileThinking).toBe(true);
    expect(finished?.notes?.[0]).toBe(
      'The model ran out while thinking: it reached the limit of 1,024 tokens before it answered, so there is no answer.',
    );
    expect(of('adopted')).toHaveLength(0);
    expect(of('stage_failed', 'sql_generation')[0]?.error.message).toBe(
      'The model ran out of tokens while it was still thinking: it never gave an answer.',
    );
    expect(final?.finalSql).toBeNull();
  });

  it('marks a field-thinking answer cut before any content as cut while thinking', async () => {
    const { of } = await run(
      [
        {
          match: TEXT_TO_SQL_MARKER,
          thinking: `I think ${DRAFT}`,
          answer: '',
          finishReason: 'length',
          usage: { completionTokens: 3072 },
        },
      ],
      { schemaLinking: false, noiseCorrection: false, continuationWriting: false },
      { thinking: SEEN_THINKING },
    );
    const finished = of('call_finished', 'sql_generation')[0];
    expect(finished?.cutWhileThinking).toBe(true);
    expect(finished?.notes?.[0]).toMatch(
      /^The model ran out while thinking: it reached the limit of 3,072 tokens \(1,024 of answer \+ 2,048 of thinking allowance\)/,
    );
    expect(of('adopted')).toHaveLength(0);
  });
});

describe('the thinking allowance and switch', () => {
  const plain: ScriptStep[] = [
    { match: SCHEMA_LINKING_MARKER, answer: '{"Album": ["Title"]}' },
    { match: isKind('pseudo_sql'), answer: fence(RIGHT) },
    { match: isKind('sql_generation'), answer: fence(RIGHT) },
    { match: NOISE_CORRECTION_MARKER, answer: 'The query is correct.' },
  ];

  it('gives a model known to think its allowance on top of the answer room', async () => {
    const { model } = await run(plain, { thinkingAllowance: 1500 }, { thinking: SEEN_THINKING });
    expect(model.requests.map((r) => r.maxTokens)).toEqual([2524, 2524, 2524, 2524]);
    // The model's default: no switch is sent.
    expect(model.requests.every((r) => r.thinking === undefined)).toBe(true);
  });

  it('gives a model not known to think no allowance, until an answer shows thinking', async () => {
    const script = thinkingScript('inline');
    const { model } = await run(script);
    expect(model.requests.map((r) => r.maxTokens)).toEqual([1024, 3072, 3072, 3072]);
  });

  it('sends the switch and no allowance when thinking is off', async () => {
    const { model } = await run(plain, { thinking: 'off' }, { thinking: SEEN_THINKING });
    expect(model.requests.map((r) => r.maxTokens)).toEqual([1024, 1024, 1024, 1024]);
    expect(model.requests.every((r) => r.thinking === 'off')).toBe(true);
  });

  it('sends the switch and the allowance when thinking is on', async () => {
    const { model } = await run(plain, { thinking: 'on' });
    expect(model.requests.every((r) => r.thinking === 'on' && r.maxTokens === 3072)).toBe(true);
  });

  it('fits the prompt to the window minus the answer room and the allowance', async () => {
    const chars: TokenCounter = { source: 'test', count: (t) => Math.ceil(t.length / 4) };
    const { of } = await run(
      plain,
      {},
      { thinking: SEEN_THINKING, tokens: chars, contextWindow: 8192 },
    );
    const budget = of('prompt', 'sql_generation')[0]?.budget;
    expect(budget?.answerTokens).toBe(3072);
    expect(budget!.promptTokens + budget!.answerTokens).toBeLessThanOrEqual(8192);
  });
});
