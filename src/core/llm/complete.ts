/** One whole answer from a streaming model, for callers that do not show tokens as they come. */
import type { ChatModel, ChatRequest, FinishReason } from './chat';
import { separateAnswer } from './thinking';

export interface CompleteAnswer {
  /** The answer with the model's thinking taken out: what parsers read. */
  text: string;
  /** The thinking ('' for a model that does not think). */
  thinking: string;
  finishReason: FinishReason;
}

/** Rejects as the model's stream does (an AppError; `aborted` when the signal fires). */
export async function completeChat(
  model: ChatModel,
  request: ChatRequest,
  signal?: AbortSignal,
): Promise<CompleteAnswer> {
  let content = '';
  let fieldThinking = '';
  let finishReason: FinishReason = 'other';
  for await (const event of model.streamChat(request, signal)) {
    if (event.type === 'token') content += event.text;
    else if (event.type === 'thinking') fieldThinking += event.text;
    // A broken-off try is not part of the answer.
    else if (event.type === 'retry') {
      content = '';
      fieldThinking = '';
    } else finishReason = event.finishReason;
  }
  const { answer, thinking } = separateAnswer(content, fieldThinking);
  return { text: answer, thinking, finishReason };
}
