/**
 * Counting tokens the way the model will see them. A counter is synchronous so that the budget
 * can try many shapes of a prompt quickly; where a counter comes from (the model's own
 * tokenizer.json, the bundled Qwen2.5 vocabulary, a server's /tokenize) is the services' job.
 */
import type { ChatMessage } from '../llm/chat';

export interface TokenCounter {
  /** Says on the card whose tokenizer counted, e.g. "the model's tokenizer". */
  readonly source: string;
  /** Tokens of plain text (special tokens written in the text count as one each). */
  count(text: string): number;
  /**
   * Present when counts arrive later (a tokenizer in a worker, settling-counter.ts): runs a
   * synchronous computation that counts with this counter until every count it used is exact.
   */
  settle?<T>(compute: () => T): Promise<T>;
}

/**
 * The result of a computation that counts with `counter`, every count exact: at once for a
 * counter that counts in place, after the missing counts arrived for one that counts elsewhere.
 */
export function settled<T>(counter: TokenCounter | null | undefined, compute: () => T): Promise<T> {
  if (counter?.settle) return counter.settle(compute);
  try {
    return Promise.resolve(compute());
  } catch (error) {
    return Promise.reject(error);
  }
}

/**
 * Remembers the counts of the texts it saw: schema pieces (a table's CREATE TABLE, its sample
 * line) repeat across the calls of a run and across runs, and counting is the slow part.
 */
export function memoizedCounter(counter: TokenCounter, maxEntries = 20_000): TokenCounter {
  // A settling counter remembers its counts itself, and its first answers are guesses to forget.
  if (counter.settle) return counter;
  const cache = new Map<string, number>();
  return {
    source: counter.source,
    count(text) {
      const known = cache.get(text);
      if (known !== undefined) return known;
      const counted = counter.count(text);
      if (cache.size >= maxEntries) cache.clear();
      cache.set(text, counted);
      return counted;
    },
  };
}

/**
 * Qwen2.5's chat template (ChatML): `<|im_start|>role\n...<|im_end|>\n` per message, then the
 * generation prompt `<|im_start|>assistant\n`. The engines render exactly this before counting.
 */
export function renderChatMl(messages: readonly ChatMessage[]): string {
  const turns = messages.map((m) => `<|im_start|>${m.role}\n${m.content}<|im_end|>\n`);
  return `${turns.join('')}<|im_start|>assistant\n`;
}

/** The template's own tokens: per message and for the generation prompt. */
export interface TemplateCost {
  perMessage: Record<ChatMessage['role'], number>;
  generationPrompt: number;
}

/**
 * Not kept per counter: a counter whose counts arrive later answers with guesses at first, and
 * the few texts here are remembered by the counters anyway.
 */
export function templateCost(counter: TokenCounter): TemplateCost {
  const of = (role: ChatMessage['role']) =>
    counter.count(renderChatMl([{ role, content: '' }])) - counter.count(renderChatMl([]));
  return {
    perMessage: { system: of('system'), user: of('user'), assistant: of('assistant') },
    generationPrompt: counter.count(renderChatMl([])),
  };
}

/** Tokens of a chat as the template renders it, counting each message's text on its own. */
export function countChatTokens(counter: TokenCounter, messages: readonly ChatMessage[]): number {
  const cost = templateCost(counter);
  let total = cost.generationPrompt;
  for (const message of messages)
    total += cost.perMessage[message.role] + counter.count(message.content);
  return total;
}
