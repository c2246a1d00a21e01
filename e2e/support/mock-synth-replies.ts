/**
 * Replies for the data lab's three models on the mock OpenAI-compatible server: the strong model
 * (synthesis rounds, in order), the judge (a verdict per question) and the weak model (a SQL per
 * question, through the pipeline's Text2SQL prompt). Each test says what they answer; this file
 * only routes requests by their prompt's task sentence. Used by the CLI test and the e2e spec.
 */
import { TEXT_TO_SQL_MARKER } from '../../src/core/pipeline/prompts';
import { JUDGE_MARKER, SYNTHESIS_MARKER } from '../../src/core/synth/prompts';
import type { ChatCompletionBody, MockReply } from './mock-openai-server';

export interface ScriptedPair {
  question: string;
  sql: string;
  evidence?: string;
  difficulty?: string;
}

export interface SynthScript {
  /** What each synthesis call answers, in order; calls past the end get an empty array. */
  rounds: ScriptedPair[][];
  /** The judge's verdict for a question (default: it matches). */
  judge?: (question: string) => { match: boolean; reason: string };
  /** The weak model's SQL for a question (default: no SQL at all). */
  weak?: (question: string) => string | null;
}

export type SynthPromptKind = 'synthesis' | 'judge' | 'weak' | null;

export function lastUserText(body: ChatCompletionBody): string {
  return [...(body.messages ?? [])].reverse().find((m) => m.role === 'user')?.content ?? '';
}

export function synthPromptKind(body: ChatCompletionBody): SynthPromptKind {
  const text = lastUserText(body);
  if (text.includes(SYNTHESIS_MARKER)) return 'synthesis';
  if (text.includes(JUDGE_MARKER)) return 'judge';
  if (text.includes(TEXT_TO_SQL_MARKER)) return 'weak';
  return null;
}

/** The question a judge or Text2SQL prompt is about. */
export function questionOf(body: ChatCompletionBody): string {
  return /^Question: (.*)$/m.exec(lastUserText(body))?.[1]?.trim() ?? '';
}

export function synthReplies(script: SynthScript): (body: ChatCompletionBody) => MockReply {
  let round = 0;
  return (body) => {
    const kind = synthPromptKind(body);
    if (kind === 'synthesis') {
      const pairs = script.rounds[round++] ?? [];
      return {
        content: `Here are the pairs.\n\`\`\`json\n${JSON.stringify(pairs, null, 2)}\n\`\`\``,
        chunkSize: 64,
      };
    }
    const question = questionOf(body);
    if (kind === 'judge') {
      const verdict = script.judge?.(question) ?? {
        match: true,
        reason: 'It answers the question.',
      };
      return { content: JSON.stringify(verdict) };
    }
    if (kind === 'weak') {
      const sql = script.weak?.(question) ?? null;
      return { content: sql === null ? 'I cannot answer that.' : `\`\`\`sql\n${sql}\n\`\`\`` };
    }
    return {
      content: '',
      status: 400,
      errorBody: JSON.stringify({ error: { message: 'Unknown prompt.' } }),
    };
  };
}
