/**
 * Thinking is not answer (PIPELINE.md). A thinking model (Qwen3, DeepSeek-R1 distills, QwQ)
 * reasons before it answers, either inline as `<think>…</think>` in the content (Ollama and
 * llama.cpp without a reasoning parser, web-llm) or in a field of its own (`reasoning_content`
 * from vLLM's reasoning parser and most hosted APIs, `reasoning` from Ollama). The thinking often
 * holds a draft SQL the model then rejects, so it is split off here before any parser reads the
 * answer: no SQL, table list or verdict is ever taken from it.
 */

const OPEN = '<think>';
const CLOSE = '</think>';

/** An answer with its thinking taken out. */
export interface SplitAnswer {
  /** What the model answered, with every thinking block removed. */
  answer: string;
  /** The thinking, blocks joined by a blank line; '' when there was none. */
  thinking: string;
  /** The text ended inside a thinking block: the model never got to its answer. */
  unclosed: boolean;
}

/**
 * Splits a whole answer. Closed blocks anywhere, several of them, an unclosed last block (the
 * answer was cut while thinking), and a close tag with no opening (templates such as
 * DeepSeek-R1's put `<think>` in the prompt, so the answer starts inside the thinking) are all
 * thinking; only the rest is answer.
 */
export function splitThinking(text: string): SplitAnswer {
  const thoughts: string[] = [];
  let answer = '';
  let rest = text;
  const firstOpen = rest.indexOf(OPEN);
  const firstClose = rest.indexOf(CLOSE);
  if (firstClose >= 0 && (firstOpen < 0 || firstClose < firstOpen)) {
    // The opening tag was in the prompt: everything up to the first close tag is thinking.
    thoughts.push(rest.slice(0, firstClose));
    rest = rest.slice(firstClose + CLOSE.length);
  }
  let unclosed = false;
  for (;;) {
    const open = rest.indexOf(OPEN);
    if (open < 0) {
      answer += rest;
      break;
    }
    answer += rest.slice(0, open);
    const inside = rest.slice(open + OPEN.length);
    const close = inside.indexOf(CLOSE);
    if (close < 0) {
      thoughts.push(inside);
      unclosed = true;
      break;
    }
    thoughts.push(inside.slice(0, close));
    rest = inside.slice(close + CLOSE.length);
  }
  const thinking = thoughts
    .map((t) => t.trim())
    .filter((t) => t.length > 0)
    .join('\n\n');
  return { answer: answer.trim(), thinking, unclosed };
}

/** A piece of a streamed answer, sorted. */
export interface StreamPiece {
  kind: 'thinking' | 'answer';
  text: string;
}

/** The longest end of `text` that could be the start of `tag` (held back until it is known). */
function partialTagAt(text: string, tag: string): number {
  for (let length = Math.min(tag.length - 1, text.length); length > 0; length--) {
    if (text.endsWith(tag.slice(0, length))) return text.length - length;
  }
  return text.length;
}

/**
 * Sorts streamed text into thinking and answer as it arrives, for showing it live. Tags may be
 * split across chunks, so the end of a chunk that could begin a tag waits for the next one. The
 * whole text is split again by `splitThinking` once the call ends (that split is the one any
 * parser reads: it also knows a close tag with no opening).
 */
export class ThinkingStream {
  private inside = false;
  private held = '';

  push(text: string): StreamPiece[] {
    const pieces: StreamPiece[] = [];
    let rest = this.held + text;
    this.held = '';
    for (;;) {
      const tag = this.inside ? CLOSE : OPEN;
      const at = rest.indexOf(tag);
      if (at >= 0) {
        this.emit(pieces, rest.slice(0, at));
        this.inside = !this.inside;
        rest = rest.slice(at + tag.length);
        continue;
      }
      // A close tag while answering: the opening was in the prompt (shown right after the call).
      const cut = partialTagAt(rest, tag);
      this.emit(pieces, rest.slice(0, cut));
      this.held = rest.slice(cut);
      return pieces;
    }
  }

  /** What was held back, once the stream ended. */
  end(): StreamPiece[] {
    const pieces: StreamPiece[] = [];
    this.emit(pieces, this.held);
    this.held = '';
    return pieces;
  }

  private emit(pieces: StreamPiece[], text: string): void {
    if (text) pieces.push({ kind: this.inside ? 'thinking' : 'answer', text });
  }
}

/**
 * A call's answer and thinking once it ended: the thinking the engine sent in its own field
 * (`reasoning_content`, `reasoning`) before whatever was inline in the content.
 */
export function separateAnswer(content: string, fieldThinking: string): SplitAnswer {
  const inline = splitThinking(content);
  const thinking = [fieldThinking.trim(), inline.thinking].filter(Boolean).join('\n\n');
  // A field-thinking model that was cut before any content was cut while thinking too.
  const unclosed = inline.unclosed || (fieldThinking.trim() !== '' && inline.answer === '');
  return { answer: inline.answer, thinking, unclosed };
}

/**
 * Whether a run asks for thinking: 'on' and 'off' are sent to the engine (Qwen3's
 * `enable_thinking`, Ollama's `think`, `/think` and `/no_think`); 'server_default' sends nothing.
 */
export type ThinkingMode = 'server_default' | 'on' | 'off';

export const THINKING_MODES: readonly ThinkingMode[] = ['server_default', 'on', 'off'];

export const THINKING_MODE_LABELS: Record<ThinkingMode, string> = {
  server_default: "Model's default",
  on: 'On',
  off: 'Off',
};

/** Tokens a thinking model gets to think, on top of the answer room. */
export const DEFAULT_THINKING_ALLOWANCE = 2048;
/** The allowance a person may set: some thinking at the least, at most a long window's worth. */
export const THINKING_ALLOWANCE_RANGE = { min: 128, max: 32_768 } as const;

/** A whole number of tokens within the range, or null. */
export function validThinkingAllowance(value: unknown): number | null {
  if (typeof value !== 'number' || !Number.isFinite(value)) return null;
  const tokens = Math.round(value);
  const { min, max } = THINKING_ALLOWANCE_RANGE;
  return tokens >= min && tokens <= max ? tokens : null;
}

/** What is known of whether the model thinks, and how it is known. */
export interface ThinkingEvidence {
  /** true: it thinks; false: it does not; null: nobody said. */
  thinks: boolean | null;
  /** 'answers' is proof; 'server' is what the server said; 'name' only a hint. */
  source: 'answers' | 'server' | 'name' | null;
  /** The sentence for the Model view. */
  detail: string;
}

export const NO_THINKING_EVIDENCE: ThinkingEvidence = {
  thinks: null,
  source: null,
  detail: 'Not known yet whether this model thinks before it answers.',
};

/** Families known for thinking: a hint, never proof (a "qwen3" may be the instruct build). */
const THINKING_NAMES =
  /qwen3(?!-?coder)(?!.*instruct-2507)|qwq|deepseek-r1|-r1\b|r1-distill|reason|think/i;

/** A hint from the model's name (only used while neither the server nor an answer said). */
export function thinkingHintFromName(model: string): ThinkingEvidence {
  return THINKING_NAMES.test(model)
    ? {
        thinks: true,
        source: 'name',
        detail: `The name "${model}" suggests a thinking model (not yet seen thinking).`,
      }
    : NO_THINKING_EVIDENCE;
}

/** Stronger evidence wins: answers over the server's word over the name. */
export function strongerEvidence(a: ThinkingEvidence, b: ThinkingEvidence): ThinkingEvidence {
  const rank = (e: ThinkingEvidence) =>
    e.source === 'answers' ? 3 : e.source === 'server' ? 2 : e.source === 'name' ? 1 : 0;
  return rank(b) > rank(a) ? b : a;
}

export const SEEN_THINKING: ThinkingEvidence = {
  thinks: true,
  source: 'answers',
  detail: 'This model thinks before it answers (seen in its answers).',
};

/**
 * Whether a call gets the thinking allowance on top of its answer room: when thinking was asked
 * for, or left to a model that thinks (or is said to).
 */
export function expectsThinking(mode: ThinkingMode, evidence: ThinkingEvidence): boolean {
  if (mode === 'off') return false;
  if (mode === 'on') return true;
  return evidence.thinks === true;
}
