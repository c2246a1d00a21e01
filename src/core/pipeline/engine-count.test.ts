/**
 * The engine's own count has the last word: a server whose tokenizer counts a prompt longer than
 * the bundled Qwen2.5 vocabulary (a model of another family behind vLLM or llama.cpp) still gets
 * every call within its window, because the run asks its /tokenize before sending and fits again
 * with the difference held back.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { ChatMessage } from '../llm/chat';
import { countChatTokens, type TokenCounter } from '../tokens/token-counter';
import { createScriptedModel } from '../../test-support/scripted-model';
import { createTestDb } from '../../test-support/open-test-db';
import { loadQwenCounter } from '../../test-support/qwen-tokenizer';
import { wideDatabaseSql } from '../../test-support/wide-database';
import type { DbSchema } from '../schema/types';
import { DEFAULT_PIPELINE_SETTINGS } from './defaults';
import type { PipelineEvent } from './events';
import { runPipeline } from './runner';

const WINDOW = 4096;
const ANSWER = 1024;

let qwen: TokenCounter;
let db: Awaited<ReturnType<typeof createTestDb>>;
let schema: DbSchema;
beforeAll(async () => {
  qwen = await loadQwenCounter();
  db = await createTestDb();
  await db.execute(wideDatabaseSql({ tables: 60, kind: 'numeric' }), { allowWrites: true });
  schema = db.readSchema();
}, 120_000);

const SQL = 'SELECT c.name FROM customer AS c';

/** A scripted model whose tokenizer counts `factor` times what the Qwen vocabulary counts. */
function modelCounting(factor: number | ((local: number) => number)) {
  const model = createScriptedModel([{ answer: `\`\`\`sql\n${SQL}\n\`\`\``, times: Infinity }]);
  const counted: number[] = [];
  return {
    model: Object.assign(model, {
      countPromptTokens: (messages: ChatMessage[]) => {
        const local = countChatTokens(qwen, messages);
        const tokens =
          typeof factor === 'number' ? Math.ceil(local * factor) : Math.ceil(factor(local));
        counted.push(tokens);
        return Promise.resolve({ tokens, by: "the server's /tokenize" });
      },
    }),
    counted,
  };
}

async function run(model: ReturnType<typeof modelCounting>['model']) {
  const events: PipelineEvent[] = [];
  for await (const event of runPipeline(
    {
      question: 'List each customer name with its payment amount',
      hint: '',
      schema,
      settings: {
        ...DEFAULT_PIPELINE_SETTINGS,
        promptStyle: 'few_shot',
        maxTokens: ANSWER,
      },
    },
    { model, db, tokens: qwen, contextWindow: WINDOW },
  ))
    events.push(event);
  const prompts = events.filter(
    (e): e is Extract<PipelineEvent, { type: 'prompt' }> => e.type === 'prompt',
  );
  return { events, prompts };
}

describe("the engine's own token count", () => {
  it('refits a prompt the server counts longer, so what is sent fits its window', async () => {
    const { model } = modelCounting(1.25);
    const { prompts } = await run(model);
    expect(model.requests.length).toBeGreaterThan(0);
    expect(prompts.length).toBe(model.requests.length);
    for (const prompt of prompts) {
      const engine = prompt.budget?.engineCount;
      expect(engine?.by).toBe("the server's /tokenize");
      // What the server counts is what must fit, and it does.
      expect(engine!.tokens + ANSWER).toBeLessThanOrEqual(WINDOW);
      // The Qwen count alone would have been fitted right up to the room and overflowed.
      expect(prompt.budget!.promptTokens).toBeLessThan(engine!.tokens);
      expect(prompt.budget!.notes.join(' ')).toMatch(
        /tokens held back: the server's \/tokenize counts these prompts longer than the Qwen2\.5 vocabulary/,
      );
    }
  });

  it('leaves a prompt alone when the server agrees with the local count', async () => {
    const { model, counted } = modelCounting(1);
    const { prompts } = await run(model);
    // Every call of the run went out (schema linking, pseudo-SQL, SQL₀, noise correction at
    // least), each counted once by the server: nothing was refused or fitted again.
    expect(model.requests.length).toBeGreaterThanOrEqual(4);
    expect(prompts.length).toBe(model.requests.length);
    expect(counted.length).toBe(model.requests.length);
    for (const prompt of prompts) {
      expect(prompt.budget?.engineCount?.tokens).toBe(prompt.budget?.promptTokens);
      expect(prompt.budget!.notes.join(' ')).not.toMatch(/held back/);
    }
  });

  it('sends nothing when the server counts every shape over the window, and says why', async () => {
    const { model } = modelCounting(() => WINDOW);
    const { events } = await run(model);
    expect(model.requests).toEqual([]);
    const failures = events.flatMap((e) =>
      e.type === 'stage_failed' && e.stage !== 'result' ? [e.error] : [],
    );
    expect(failures.length).toBeGreaterThan(0);
    expect(failures.every((e) => e.code === 'context_overflow')).toBe(true);
    // The first call says what the server counted; the later ones what the run holds back.
    expect(failures[0]?.message).toMatch(
      /^Not sent: the server's \/tokenize counts this prompt as 4,096 tokens, which with 1,024 tokens of answer room exceed/,
    );
    expect(failures.at(-1)?.message).toMatch(
      /held back because the engine's tokenizer counts longer/,
    );
  });
});
