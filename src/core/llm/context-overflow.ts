/**
 * A prompt that does not fit the model's context window, as each engine words it, turned into
 * one `context_overflow` error with the numbers. The patterns follow what the servers send:
 *
 * - web-llm (`ContextWindowSizeExceededError`, crosses its worker as a string): "Prompt tokens
 *   exceed context window size: number of prompt tokens: 4310; context window size: 4096"
 * - vLLM (HTTP 400): "This model's maximum context length is 4096 tokens. However, you requested
 *   5334 tokens (4310 in the messages, 1024 in the completion)." or "... However, your request
 *   has 4310 input tokens." or "'max_tokens' or 'max_completion_tokens' is too large: 1024. This
 *   model's maximum context length is 4096 tokens and your request has 3500 input tokens" or,
 *   in recent releases, "... you requested 1024 output tokens and your prompt contains at least
 *   4097 input tokens ..."
 * - llama.cpp's server (HTTP 400, type exceed_context_size_error): "request (4476 tokens)
 *   exceeds the available context size (4096 tokens), try increasing it", older builds "the
 *   request exceeds the available context size, try increasing it".
 */
import { AppError } from '../errors';

export interface OverflowNumbers {
  /** Tokens of the prompt, when the engine said. */
  promptTokens: number | null;
  /** The model's context window, when the engine said. */
  window: number | null;
  /** The answer room asked for (max_tokens), when known. */
  answerTokens: number | null;
}

const num = (text: string | undefined): number | null =>
  text === undefined ? null : Number(text.replace(/,/g, ''));

interface Pattern {
  test: RegExp;
  read: (match: RegExpExecArray, text: string) => OverflowNumbers;
}

const PATTERNS: Pattern[] = [
  {
    test: /number of prompt tokens:\s*(\d+);\s*context window size:\s*(\d+)/i,
    read: (m) => ({ promptTokens: num(m[1]), window: num(m[2]), answerTokens: null }),
  },
  {
    test: /maximum context length is\s*([\d,]+)\s*tokens/i,
    read: (m, text) => {
      const window = num(m[1]);
      const split = /\(([\d,]+) in the messages, ([\d,]+) in the completion\)/i.exec(text);
      if (split) return { window, promptTokens: num(split[1]), answerTokens: num(split[2]) };
      const input =
        /(?:has|contains)\s+(?:at least\s+)?([\d,]+)\s+input tokens/i.exec(text) ??
        /resulted in\s+([\d,]+)\s+tokens/i.exec(text);
      const answer =
        /requested\s+([\d,]+)\s+output tokens/i.exec(text) ??
        /is too large:\s*([\d,]+)/i.exec(text);
      return { window, promptTokens: num(input?.[1]), answerTokens: num(answer?.[1]) };
    },
  },
  {
    test: /exceeds? the available context size|exceed_context_size_error/i,
    read: (_m, text) => ({
      promptTokens: num(
        (/request \(([\d,]+) tokens\)/i.exec(text) ??
          /"n_prompt_tokens"\s*:\s*(\d+)/.exec(text))?.[1],
      ),
      window: num(
        (/context size \(([\d,]+) tokens\)/i.exec(text) ?? /"n_ctx"\s*:\s*(\d+)/.exec(text))?.[1],
      ),
      answerTokens: null,
    }),
  },
];

/** The numbers of an overflow message from any engine; null when the text is not one. */
export function parseContextOverflow(text: string): OverflowNumbers | null {
  for (const pattern of PATTERNS) {
    const match = pattern.test.exec(text);
    if (match) return pattern.read(match, text);
  }
  return null;
}

const fmt = (n: number) => n.toLocaleString('en-US');

/** The one error every engine's overflow becomes; `detail` keeps the engine's own words. */
export function contextOverflowError(numbers: OverflowNumbers, detail?: string): AppError {
  const { promptTokens, window, answerTokens } = numbers;
  const parts: string[] = [];
  if (promptTokens !== null) parts.push(`a prompt of ${fmt(promptTokens)} tokens`);
  if (answerTokens !== null) parts.push(`${fmt(answerTokens)} tokens of answer room`);
  const what = parts.join(' and ');
  const where =
    window !== null
      ? `the model's context window of ${fmt(window)} tokens`
      : "the model's context window";
  const sentence =
    parts.length > 0
      ? `The call did not fit: ${what} exceed ${where}.`
      : `The call did not fit: the prompt exceeds ${where}.`;
  return new AppError(
    'context_overflow',
    sentence,
    'Give the model a larger window (load it with 8k or 16k, or start the server with a larger context), untick tables the question does not need, or lower the answer limit.',
    detail,
  );
}

/** An engine's error text as a context_overflow AppError, or null when it is something else. */
export function overflowFromText(text: string): AppError | null {
  const numbers = parseContextOverflow(text);
  return numbers ? contextOverflowError(numbers, text) : null;
}
