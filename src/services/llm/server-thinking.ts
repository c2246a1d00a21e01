/**
 * How each kind of OpenAI-compatible server speaks of thinking (src/core/llm/thinking.ts):
 * - where the reasoning comes back: `reasoning_content` (vLLM with `--reasoning-parser`,
 *   llama.cpp with `--reasoning-format deepseek`, most hosted APIs) or `reasoning` (Ollama,
 *   newer vLLM); without either it is inline `<think>` in the content, split off in core;
 * - how a request switches it: vLLM and llama.cpp pass `chat_template_kwargs` to the chat
 *   template (Qwen3's reads `enable_thinking`); Ollama's OpenAI-compatible route maps
 *   `reasoning_effort` onto its `think` option ("none" is off); any other server gets Qwen3's
 *   soft switch, `/think` or `/no_think` at the end of the last user message;
 * - whether the server says the model thinks: llama.cpp's chat template in `/props`, Ollama's
 *   `capabilities` in `/api/show`.
 */
import type { ChatMessage, ChatRequest } from '../../core/llm/chat';
import {
  NO_THINKING_EVIDENCE,
  strongerEvidence,
  thinkingHintFromName,
  type ThinkingEvidence,
} from '../../core/llm/thinking';
import type { ServerKind } from './server-kind';

/** A choice's message or delta, as servers send thinking beside the content. */
export interface ThinkingParts {
  reasoning_content?: string | null;
  reasoning?: string | null;
}

/** The reasoning a message or delta carries in a field of its own ('' when none). */
export function fieldThinking(part: ThinkingParts | undefined): string {
  const text = part?.reasoning_content ?? part?.reasoning;
  return typeof text === 'string' ? text : '';
}

/** The request fields that switch thinking on this kind of server. */
export function thinkingFields(
  kind: ServerKind,
  thinking: ChatRequest['thinking'],
): Record<string, unknown> {
  if (thinking === undefined) return {};
  const on = thinking === 'on';
  switch (kind) {
    case 'vllm':
    case 'llama.cpp':
      return { chat_template_kwargs: { enable_thinking: on } };
    case 'ollama':
      return { reasoning_effort: on ? 'medium' : 'none' };
    case 'other':
      return {};
  }
}

/** Qwen3's soft switch, for servers with no field for it (appended to the last user message). */
export function withSoftSwitch(
  messages: ChatMessage[],
  kind: ServerKind,
  thinking: ChatRequest['thinking'],
): ChatMessage[] {
  if (thinking === undefined || kind !== 'other') return messages;
  const last = messages.map((m) => m.role).lastIndexOf('user');
  if (last < 0) return messages;
  const tag = thinking === 'on' ? '/think' : '/no_think';
  return messages.map((m, i) => (i === last ? { ...m, content: `${m.content} ${tag}` } : m));
}

/** llama.cpp's `/props` carries the chat template: a template that knows thinking says so. */
export function thinkingFromProps(props: Record<string, unknown> | null): ThinkingEvidence {
  const template = props?.chat_template;
  if (typeof template !== 'string' || template === '') return NO_THINKING_EVIDENCE;
  return /<think>|enable_thinking|reasoning_content/.test(template)
    ? {
        thinks: true,
        source: 'server',
        detail: "The server's chat template for this model has a thinking part.",
      }
    : {
        thinks: false,
        source: 'server',
        detail: "The server's chat template for this model has no thinking part.",
      };
}

/** Ollama's `/api/show` lists the model's capabilities; "thinking" is one. */
export function thinkingFromOllamaShow(show: Record<string, unknown> | null): ThinkingEvidence {
  const capabilities = show?.capabilities;
  if (!Array.isArray(capabilities)) return NO_THINKING_EVIDENCE;
  return capabilities.includes('thinking')
    ? { thinks: true, source: 'server', detail: 'Ollama lists "thinking" among its capabilities.' }
    : {
        thinks: false,
        source: 'server',
        detail: 'Ollama does not list "thinking" among its capabilities.',
      };
}

/** The server's word where it gave one, else the name's hint. */
export function serverThinkingEvidence(
  model: string,
  fromServer: ThinkingEvidence,
): ThinkingEvidence {
  return strongerEvidence(thinkingHintFromName(model), fromServer);
}
