/**
 * Thinking as each server sends it (vLLM's `reasoning_content`, Ollama's `reasoning`, inline
 * `<think>` from llama.cpp without a reasoning parser) and the switch each one takes.
 */
import { describe, expect, it } from 'vitest';
import type { ChatEvent, ChatRequest } from '../../core/llm/chat';
import { completeChat } from '../../core/llm/complete';
import { OpenAiEngine } from './openai-engine';
import { chatBody } from './openai-engine';
import { thinkingFromOllamaShow, thinkingFromProps } from './server-thinking';
import type { ServerKind } from './server-kind';

function streamOf(chunks: object[]): Response {
  const text = [...chunks.map((c) => `data: ${JSON.stringify(c)}\n\n`), 'data: [DONE]\n\n'];
  return new Response(text.join(''), { headers: { 'Content-Type': 'text/event-stream' } });
}

function engineAnswering(
  answer: (url: string, body: Record<string, unknown> | null) => Response,
  kind: ServerKind = 'vllm',
) {
  const bodies: Record<string, unknown>[] = [];
  const fetchImpl = (async (input: RequestInfo | URL, init?: RequestInit) => {
    const body = init?.body ? (JSON.parse(String(init.body)) as Record<string, unknown>) : null;
    if (body) bodies.push(body);
    return answer(String(input), body);
  }) as typeof fetch;
  const engine = new OpenAiEngine({
    endpoint: 'http://127.0.0.1:9/v1',
    model: 'qwen3:8b',
    fetch: fetchImpl,
    pageOrigin: null,
    serverKind: kind,
  });
  return { engine, bodies };
}

async function events(stream: AsyncIterable<ChatEvent>): Promise<ChatEvent[]> {
  const all: ChatEvent[] = [];
  for await (const event of stream) all.push(event);
  return all;
}

const request: ChatRequest = { messages: [{ role: 'user', content: 'How many albums?' }] };
const delta = (part: object, finish: string | null = null) => ({
  choices: [{ index: 0, delta: part, finish_reason: finish }],
});

describe('thinking from the server', () => {
  it.each([
    ['reasoning_content', 'vLLM with a reasoning parser'],
    ['reasoning', 'Ollama'],
  ])('streams `%s` (%s) as thinking, apart from the answer', async (field) => {
    const { engine } = engineAnswering(() =>
      streamOf([
        delta({ role: 'assistant', content: '' }),
        delta({ [field]: 'Try ' }),
        delta({ [field]: 'SELECT 1;' }),
        delta({ content: 'SELECT COUNT(*) FROM Album;' }),
        delta({}, 'stop'),
      ]),
    );
    const all = await events(engine.streamChat(request));
    expect(
      all.filter((e) => e.type === 'thinking').map((e) => e.type === 'thinking' && e.text),
    ).toEqual(['Try ', 'SELECT 1;']);
    expect(all.filter((e) => e.type === 'token').map((e) => e.type === 'token' && e.text)).toEqual([
      'SELECT COUNT(*) FROM Album;',
    ]);
    expect(engine.thinking.source).toBe('answers');
  });

  it('reads the thinking of a non-streamed answer', async () => {
    const { engine } = engineAnswering(() =>
      Response.json({
        choices: [
          {
            message: { content: 'SELECT 2;', reasoning_content: 'SELECT 1; no.' },
            finish_reason: 'stop',
          },
        ],
      }),
    );
    const done = await completeChat(engine, request);
    expect(done).toEqual({ text: 'SELECT 2;', thinking: 'SELECT 1; no.', finishReason: 'stop' });
  });

  it('splits inline <think> (llama.cpp without a reasoning format) for callers', async () => {
    const { engine } = engineAnswering(
      () =>
        streamOf([
          delta({ content: '<thi' }),
          delta({ content: 'nk>SELECT 1;</think>\n' }),
          delta({ content: 'SELECT 2;' }),
          delta({}, 'stop'),
        ]),
      'llama.cpp',
    );
    const done = await completeChat(engine, request);
    expect(done.text).toBe('SELECT 2;');
    expect(done.thinking).toBe('SELECT 1;');
  });

  it('keeps each of n choices’ thinking with its own answer', async () => {
    const { engine } = engineAnswering(() =>
      Response.json({
        choices: [
          { message: { content: 'SELECT 1;', reasoning_content: 'one' }, finish_reason: 'stop' },
          { message: { content: 'SELECT 2;', reasoning_content: 'two' }, finish_reason: 'length' },
        ],
      }),
    );
    const { samples } = await engine.sampleChat(request, 2);
    expect(samples).toEqual([
      { answer: 'SELECT 1;', finishReason: 'stop', thinking: 'one' },
      { answer: 'SELECT 2;', finishReason: 'length', thinking: 'two' },
    ]);
  });
});

describe('the thinking switch in the request', () => {
  const body = (kind: ServerKind, thinking: ChatRequest['thinking']) =>
    chatBody({ ...request, thinking }, 'm', true, true, { kind, version: null });

  it.each([
    ['vllm', 'off', { chat_template_kwargs: { enable_thinking: false } }],
    ['vllm', 'on', { chat_template_kwargs: { enable_thinking: true } }],
    ['llama.cpp', 'off', { chat_template_kwargs: { enable_thinking: false } }],
    ['ollama', 'off', { reasoning_effort: 'none' }],
    ['ollama', 'on', { reasoning_effort: 'medium' }],
  ] as const)('%s, thinking %s: %j', (kind, thinking, fields) => {
    expect(body(kind, thinking)).toMatchObject(fields);
    expect(body(kind, thinking).messages).toEqual(request.messages);
  });

  it('sends nothing when the model’s default is kept', () => {
    for (const kind of ['vllm', 'llama.cpp', 'ollama', 'other'] as const) {
      const sent = body(kind, undefined);
      expect(sent).not.toHaveProperty('chat_template_kwargs');
      expect(sent).not.toHaveProperty('reasoning_effort');
      expect(sent.messages).toEqual(request.messages);
    }
  });

  it('gives any other server Qwen3’s soft switch at the end of the last user message', () => {
    expect(body('other', 'off').messages).toEqual([
      { role: 'user', content: 'How many albums? /no_think' },
    ]);
    expect(body('other', 'on').messages).toEqual([
      { role: 'user', content: 'How many albums? /think' },
    ]);
    expect(body('other', 'off')).not.toHaveProperty('chat_template_kwargs');
  });
});

describe('what the server says about thinking', () => {
  it('reads llama.cpp’s chat template', () => {
    expect(thinkingFromProps({ chat_template: '{%- if enable_thinking %}<think>' }).thinks).toBe(
      true,
    );
    expect(thinkingFromProps({ chat_template: '<|im_start|>{{ role }}' }).thinks).toBe(false);
    expect(thinkingFromProps({}).thinks).toBeNull();
  });

  it('reads Ollama’s capabilities', () => {
    expect(thinkingFromOllamaShow({ capabilities: ['completion', 'thinking'] }).thinks).toBe(true);
    expect(thinkingFromOllamaShow({ capabilities: ['completion'] }).thinks).toBe(false);
    expect(thinkingFromOllamaShow(null).thinks).toBeNull();
  });

  it('asks Ollama on connect, and its word outranks the model’s name', async () => {
    const { engine } = engineAnswering((url) => {
      if (url.endsWith('/v1/models')) return Response.json({ data: [{ id: 'qwen3:8b' }] });
      if (url.endsWith('/api/show')) return Response.json({ capabilities: ['completion'] });
      return new Response('', { status: 404 });
    }, 'ollama');
    await engine.load(() => {});
    expect(engine.thinking).toMatchObject({ thinks: false, source: 'server' });
  });
});
