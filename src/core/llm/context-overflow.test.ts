import { describe, expect, it } from 'vitest';
import { contextOverflowError, overflowFromText, parseContextOverflow } from './context-overflow';

describe('parseContextOverflow', () => {
  it.each([
    [
      'web-llm ContextWindowSizeExceededError, as its worker sends it',
      'Error: Prompt tokens exceed context window size: number of prompt tokens: 4310; context window size: 4096\nConsider shortening the prompt, or increase `context_window_size`, or using sliding window via `sliding_window_size`.',
      { promptTokens: 4310, window: 4096, answerTokens: null },
    ],
    [
      'vLLM, prompt and completion together',
      "This model's maximum context length is 4096 tokens. However, you requested 5334 tokens (4310 in the messages, 1024 in the completion). Please reduce the length of the messages or completion.",
      { promptTokens: 4310, window: 4096, answerTokens: 1024 },
    ],
    [
      'vLLM, the prompt alone',
      "This model's maximum context length is 4096 tokens. However, your request has 4310 input tokens. Please reduce the length of the input messages.",
      { promptTokens: 4310, window: 4096, answerTokens: null },
    ],
    [
      'vLLM, max_tokens too large',
      "'max_tokens' or 'max_completion_tokens' is too large: 1024. This model's maximum context length is 4096 tokens and your request has 3500 input tokens (1024 > 4096 - 3500). None",
      { promptTokens: 3500, window: 4096, answerTokens: 1024 },
    ],
    [
      'vLLM, recent wording',
      "This model's maximum context length is 4096 tokens. However, you requested 1024 output tokens and your prompt contains at least 4097 input tokens, for a total of at least 5121 tokens. Please reduce the length of the input prompt or the number of requested output tokens.",
      { promptTokens: 4097, window: 4096, answerTokens: 1024 },
    ],
    [
      'llama.cpp server, with numbers',
      '{"error":{"code":400,"message":"request (4476 tokens) exceeds the available context size (4096 tokens), try increasing it","type":"exceed_context_size_error","n_prompt_tokens":4476,"n_ctx":4096}}',
      { promptTokens: 4476, window: 4096, answerTokens: null },
    ],
    [
      'llama.cpp server, older builds',
      'the request exceeds the available context size, try increasing it',
      { promptTokens: null, window: null, answerTokens: null },
    ],
  ])('reads %s', (_name, text, numbers) => {
    expect(parseContextOverflow(text)).toEqual(numbers);
  });

  it.each([
    'Incorrect API key provided.',
    'model "qwen" not found, try pulling it first',
    'CUDA out of memory',
  ])('leaves other errors alone: %s', (text) => {
    expect(parseContextOverflow(text)).toBeNull();
    expect(overflowFromText(text)).toBeNull();
  });
});

describe('contextOverflowError', () => {
  it('names the numbers and what to do', () => {
    const error = contextOverflowError({ promptTokens: 4310, window: 4096, answerTokens: 1024 });
    expect(error.code).toBe('context_overflow');
    expect(error.message).toBe(
      "The call did not fit: a prompt of 4,310 tokens and 1,024 tokens of answer room exceed the model's context window of 4,096 tokens.",
    );
    expect(error.nextStep).toMatch(/larger window/);
  });

  it('still says what happened without numbers', () => {
    const error = contextOverflowError({ promptTokens: null, window: null, answerTokens: null });
    expect(error.message).toBe(
      "The call did not fit: the prompt exceeds the model's context window.",
    );
  });
});
