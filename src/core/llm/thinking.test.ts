import { describe, expect, it } from 'vitest';
import {
  expectsThinking,
  NO_THINKING_EVIDENCE,
  SEEN_THINKING,
  separateAnswer,
  splitThinking,
  strongerEvidence,
  thinkingHintFromName,
  ThinkingStream,
  type StreamPiece,
} from './thinking';
import { completeChat } from './complete';
import { createScriptedModel } from '../../test-support/scripted-model';

const fence = (sql: string) => `\`\`\`sql\n${sql}\n\`\`\``;

describe('splitThinking', () => {
  it.each([
    ['no thinking', 'SELECT 1;', 'SELECT 1;', '', false],
    [
      'a closed block before the answer',
      '<think>\nThe table is Track.\n</think>\n\nSELECT Name FROM Track;',
      'SELECT Name FROM Track;',
      'The table is Track.',
      false,
    ],
    [
      'an unclosed block (cut while thinking)',
      '<think>\nFirst I look at the Album table and',
      '',
      'First I look at the Album table and',
      true,
    ],
    [
      'several blocks, answer pieces between them',
      '<think>one</think>Part A. <think>two</think>Part B.',
      'Part A. Part B.',
      'one\n\ntwo',
      false,
    ],
    [
      'a close tag with no opening (the template opened it in the prompt)',
      'I should count the tracks.\n</think>\n\nSELECT COUNT(*) FROM Track;',
      'SELECT COUNT(*) FROM Track;',
      'I should count the tracks.',
      false,
    ],
    [
      'an empty block (thinking switched off on Qwen3)',
      '<think>\n\n</think>\n\nSELECT 1;',
      'SELECT 1;',
      '',
      false,
    ],
  ] as const)('%s', (_name, text, answer, thinking, unclosed) => {
    expect(splitThinking(text)).toEqual({ answer, thinking, unclosed });
  });

  it('keeps fences inside the thinking out of the answer', () => {
    const text = `<think>Maybe ${fence('SELECT * FROM Album;')} — no, the artist matters.</think>\n${fence('SELECT Title FROM Album WHERE ArtistId = 1;')}`;
    const { answer, thinking } = splitThinking(text);
    expect(answer).toBe(fence('SELECT Title FROM Album WHERE ArtistId = 1;'));
    expect(thinking).toContain('SELECT * FROM Album;');
    expect(answer).not.toContain('SELECT * FROM Album;');
  });
});

describe('ThinkingStream', () => {
  /** Streams `text` in chunks of `size` and joins the pieces by kind. */
  function stream(text: string, size: number) {
    const splitter = new ThinkingStream();
    const pieces: StreamPiece[] = [];
    for (let at = 0; at < text.length; at += size)
      pieces.push(...splitter.push(text.slice(at, at + size)));
    pieces.push(...splitter.end());
    const join = (kind: 'thinking' | 'answer') =>
      pieces
        .filter((p) => p.kind === kind)
        .map((p) => p.text)
        .join('');
    return { thinking: join('thinking'), answer: join('answer') };
  }

  it.each([1, 2, 3, 5, 7, 100])('sorts tags split across chunks of %i characters', (size) => {
    const text = '<think>draft: SELECT 1</think>SELECT 2;<think>again</think> done';
    expect(stream(text, size)).toEqual({
      thinking: 'draft: SELECT 1again',
      answer: 'SELECT 2; done',
    });
  });

  it('streams an unclosed block as thinking to the end', () => {
    expect(stream('<think>still going SELECT', 3)).toEqual({
      thinking: 'still going SELECT',
      answer: '',
    });
  });

  it('lets a "<" that begins no tag through once the next chunk shows it', () => {
    expect(stream('SELECT a FROM t WHERE a < 3 AND b <th', 4)).toEqual({
      thinking: '',
      answer: 'SELECT a FROM t WHERE a < 3 AND b <th',
    });
  });
});

describe('separateAnswer', () => {
  it('puts field thinking first, then inline thinking, and keeps only the answer', () => {
    expect(separateAnswer('<think>inline</think>SELECT 1;', 'from the field')).toEqual({
      answer: 'SELECT 1;',
      thinking: 'from the field\n\ninline',
      unclosed: false,
    });
  });

  it('reads field thinking with no content yet as cut while thinking', () => {
    expect(separateAnswer('', 'I am still weighing the joins').unclosed).toBe(true);
  });
});

describe('completeChat', () => {
  it('gives callers the answer without the thinking, and the thinking apart', async () => {
    const model = createScriptedModel([
      { answer: '<think>SELECT wrong;</think>SELECT right;', thinking: 'field part' },
    ]);
    const done = await completeChat(model, { messages: [{ role: 'user', content: 'q' }] });
    expect(done.text).toBe('SELECT right;');
    expect(done.thinking).toBe('field part\n\nSELECT wrong;');
  });
});

describe('thinking evidence', () => {
  it.each([
    ['qwen3:8b', true],
    ['Qwen/Qwen3-4B', true],
    ['deepseek-r1:7b', true],
    ['DeepSeek-R1-Distill-Qwen-7B', true],
    ['QwQ-32B', true],
    ['Qwen/Qwen3-4B-Thinking-2507', true],
    ['Qwen/Qwen3-4B-Instruct-2507', null],
    ['qwen3-coder:30b', null],
    ['qwen2.5-coder:1.5b', null],
    ['seeklhy/OmniSQL-7B', null],
  ])('takes the name %s only as a hint (%s)', (name, thinks) => {
    const hint = thinkingHintFromName(name);
    expect(hint.thinks).toBe(thinks);
    if (thinks) expect(hint.source).toBe('name');
  });

  it('ranks answers over the server over the name', () => {
    const server = { thinks: false, source: 'server' as const, detail: '' };
    expect(strongerEvidence(thinkingHintFromName('qwen3:8b'), server)).toBe(server);
    expect(strongerEvidence(server, SEEN_THINKING)).toBe(SEEN_THINKING);
    expect(strongerEvidence(NO_THINKING_EVIDENCE, server)).toBe(server);
  });

  it('gives the allowance when thinking is on, or left to a model that thinks', () => {
    expect(expectsThinking('on', NO_THINKING_EVIDENCE)).toBe(true);
    expect(expectsThinking('off', SEEN_THINKING)).toBe(false);
    expect(expectsThinking('server_default', SEEN_THINKING)).toBe(true);
    expect(expectsThinking('server_default', NO_THINKING_EVIDENCE)).toBe(false);
  });
});
