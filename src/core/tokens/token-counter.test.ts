import { beforeAll, describe, expect, it } from 'vitest';
import { loadQwenCounter } from '../../test-support/qwen-tokenizer';
import { countChatTokens, renderChatMl, templateCost, type TokenCounter } from './token-counter';

let qwen: TokenCounter;
beforeAll(async () => {
  qwen = await loadQwenCounter();
}, 60_000);

describe('the bundled Qwen2.5 vocabulary', () => {
  it('splits every digit, as Qwen does', () => {
    expect(qwen.count('2009-01-01')).toBe(10);
    expect(qwen.count('1234567')).toBe(7);
  });

  it('reads the chat template markers as single tokens', () => {
    expect(qwen.count('<|im_start|>')).toBe(1);
    expect(qwen.count('<|im_end|>')).toBe(1);
    expect(templateCost(qwen)).toEqual({
      perMessage: { system: 5, user: 5, assistant: 5 },
      generationPrompt: 3,
    });
  });

  it('counts a chat as the template renders it', () => {
    const messages = [
      { role: 'system' as const, content: 'You are a SQLite expert.' },
      { role: 'user' as const, content: 'CREATE TABLE t (\n  a NUMBER\n);\n\nQuestion: How many?' },
    ];
    expect(countChatTokens(qwen, messages)).toBe(qwen.count(renderChatMl(messages)));
  });
});
