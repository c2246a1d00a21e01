/**
 * A `respond` for the mock OpenAI-compatible server that plays a model on a benchmark: it knows
 * the questions' gold SQL (test data) and writes it for some questions and a wrong SQL for the
 * others; its noise correction replaces the wrong SQL with the gold. So each stage setting has an
 * exact expected EX: Text2SQL only gets the "right" questions, noise correction gets them all.
 */
import { CORRECT_VERDICT } from '../../src/core/pipeline/prompts';
import { promptKind } from '../../src/test-support/scripted-model';
import type { ChatCompletionBody, MockReply } from './mock-openai-server';

export const WRONG_SQL = "SELECT 'not the answer'";

export interface BenchmarkEntry {
  question: string;
  /** The gold SQL (Spider's `query`). */
  query: string;
}

/** The question a prompt asks: its last "Question:" line (few-shot examples come first). */
export function questionOfPrompt(body: ChatCompletionBody): string {
  const user = [...(body.messages ?? [])].reverse().find((m) => m.role === 'user')?.content ?? '';
  const lines = user.split('\n').filter((line) => line.startsWith('Question: '));
  return (lines.at(-1) ?? '').slice('Question: '.length).trim();
}

/**
 * `rightFirst(i)` says whether the model's first SQL for entry i is right (default: odd i).
 * `delayMs` holds each answer back (to stop a run mid-way in a test).
 */
export function benchmarkResponder(
  entries: readonly BenchmarkEntry[],
  options: { rightFirst?: (index: number) => boolean; delayMs?: number } = {},
): (body: ChatCompletionBody) => MockReply {
  const rightFirst = options.rightFirst ?? ((i: number) => i % 2 === 1);
  const byQuestion = new Map(entries.map((e, i) => [e.question.trim(), { ...e, index: i }]));
  const fence = (sql: string) => '```sql\n' + sql + '\n```';
  return (body) => {
    const entry = byQuestion.get(questionOfPrompt(body));
    const reply = (content: string): MockReply => ({
      content,
      chunkSize: 64,
      ...(options.delayMs ? { delayMsPerChunk: options.delayMs } : {}),
    });
    if (!entry) return reply('I do not know this question.');
    const messages = (body.messages ?? []).map((m) => ({
      role: m.role as 'system' | 'user' | 'assistant',
      content: m.content,
    }));
    switch (promptKind(messages)) {
      case 'schema_links':
        return reply('{}');
      case 'noise_correction': {
        const user = messages.at(-1)?.content ?? '';
        return reply(
          user.includes(WRONG_SQL) ? `The query is wrong.\n${fence(entry.query)}` : CORRECT_VERDICT,
        );
      }
      case 'continuation_writing':
        return reply(fence(entry.query));
      default:
        return reply(fence(rightFirst(entry.index) ? entry.query : WRONG_SQL));
    }
  };
}
