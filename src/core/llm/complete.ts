/** One whole answer from a streaming model, for callers that do not show tokens as they come. */
import type { ChatModel, ChatRequest, FinishReason } from './chat';

export interface CompleteAnswer {
  text: string;
  finishReason: FinishReason;
}

/** Rejects as the model's stream does (an AppError; `aborted` when the signal fires). */
export async function completeChat(
  model: ChatModel,
  request: ChatRequest,
  signal?: AbortSignal,
): Promise<CompleteAnswer> {
  let text = '';
  let finishReason: FinishReason = 'other';
  for await (const event of model.streamChat(request, signal)) {
    if (event.type === 'token') text += event.text;
    // A broken-off try is not part of the answer.
    else if (event.type === 'retry') text = '';
    else finishReason = event.finishReason;
  }
  return { text, finishReason };
}
