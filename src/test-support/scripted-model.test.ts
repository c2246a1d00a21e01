import { describe, expect, it } from 'vitest';
import { AppError } from '../core/errors';
import type { ChatEvent, ChatRequest } from '../core/llm/chat';
import {
  buildContinuationPrompt,
  buildNoiseCorrectionPrompt,
  buildSchemaLinkingPrompt,
  buildTextToSqlPrompt,
} from '../core/pipeline/prompts';
import { createScriptedModel, promptKind } from './scripted-model';

const ask = (content: string): ChatRequest => ({ messages: [{ role: 'user', content }] });

async function drain(
  events: AsyncIterable<ChatEvent>,
): Promise<{ text: string; chunks: number; done: ChatEvent | undefined }> {
  let text = '';
  let chunks = 0;
  let done: ChatEvent | undefined;
  for await (const event of events) {
    if (event.type === 'token') {
      text += event.text;
      chunks++;
    } else done = event;
  }
  return { text, chunks, done };
}

describe('createScriptedModel', () => {
  it('answers matching steps by phrase, the others in order, streaming small chunks', async () => {
    const model = createScriptedModel(
      [
        { answer: 'first' },
        { match: 'linking', answer: '{"t": []}' },
        { answer: 'second', finishReason: 'length' },
      ],
      { chunkSize: 2 },
    );
    const a = await drain(model.streamChat(ask('please do schema linking')));
    const b = await drain(model.streamChat(ask('anything')));
    const c = await drain(model.streamChat(ask('anything else')));
    expect([a.text, b.text, c.text]).toEqual(['{"t": []}', 'first', 'second']);
    expect(a.chunks).toBe(5);
    expect(c.done).toMatchObject({ type: 'done', finishReason: 'length' });
    expect(model.requests).toHaveLength(3);
    expect(model.remaining()).toBe(0);
    await expect(drain(model.streamChat(ask('one too many')))).rejects.toThrow(/no answer/);
  });

  it('breaks mid-stream with the given error', async () => {
    const model = createScriptedModel([
      { answer: 'abcdefgh', failAfterChars: 4, failWith: new AppError('stream_dropped', 'Gone.') },
    ]);
    const seen: string[] = [];
    await expect(
      (async () => {
        for await (const e of model.streamChat(ask('x'))) if (e.type === 'token') seen.push(e.text);
      })(),
    ).rejects.toMatchObject({ code: 'stream_dropped' });
    expect(seen.join('')).toBe('abcd');
  });

  it('hangs until the signal fires, then rejects with aborted', async () => {
    const controller = new AbortController();
    const model = createScriptedModel([{ answer: 'SELECT 1', hangAfterChars: 4 }]);
    const seen: string[] = [];
    const run = (async () => {
      for await (const e of model.streamChat(ask('x'), controller.signal)) {
        if (e.type === 'token') {
          seen.push(e.text);
          setTimeout(() => controller.abort(), 5);
        }
      }
    })();
    await expect(run).rejects.toMatchObject({ code: 'aborted' });
    expect(seen).toEqual(['SELE']);
  });
});

describe('promptKind', () => {
  it('tells every pipeline call apart by its prompt', () => {
    const base = { schemaText: 'CREATE TABLE t (a TEXT);', question: 'q', hint: '' };
    expect(promptKind(buildSchemaLinkingPrompt({ ...base, style: 'few_shot' }))).toBe(
      'schema_links',
    );
    expect(promptKind(buildTextToSqlPrompt({ ...base, simplified: false }))).toBe('pseudo_sql');
    expect(promptKind(buildTextToSqlPrompt({ ...base, simplified: true }))).toBe('sql_generation');
    expect(
      promptKind(
        buildNoiseCorrectionPrompt({
          ...base,
          sql: 'SELECT a FROM t',
          error: null,
          style: 'few_shot',
        }),
      ),
    ).toBe('noise_correction');
    expect(
      promptKind(buildContinuationPrompt({ ...base, prefix: 'SELECT ', style: 'few_shot' })),
    ).toBe('continuation_writing');
    expect(promptKind([{ role: 'user', content: 'hello' }])).toBeNull();
  });
});
