/**
 * Model explanations of SQL: streamed from the active engine, one per (SQL, question), kept
 * while the page is open. The structural explanation needs no model and is computed where it
 * is shown; this slice only holds what a model wrote.
 */
import { splitThinking, ThinkingStream } from '../core/llm/thinking';
import { explainMessages, EXPLAIN_DECODING } from '../core/explain/explain-prompt';
import { explainSql } from '../core/explain/explain-sql';
import { AppError, toErrorPayload, type ErrorPayload } from '../core/errors';
import type { SliceCreator } from './slice';

export type ModelExplanation =
  | { state: 'streaming'; text: string }
  | { state: 'done'; text: string; cutOff: boolean }
  | { state: 'failed'; text: string; error: ErrorPayload };

export interface ExplainSlice {
  modelExplanations: Record<string, ModelExplanation>;
  explainWithModel(sql: string, question: string | null): Promise<void>;
  stopExplanation(sql: string, question: string | null): void;
}

export function explanationKey(sql: string, question: string | null): string {
  return `${question ?? ''}\u0000${sql.trim()}`;
}

export const createExplainSlice: SliceCreator<ExplainSlice> = (set, get) => {
  const controllers = new Map<string, AbortController>();
  const put = (key: string, value: ModelExplanation) =>
    set({ modelExplanations: { ...get().modelExplanations, [key]: value } });

  return {
    modelExplanations: {},

    async explainWithModel(sql, question) {
      const key = explanationKey(sql, question);
      const { engine, engineStatus, database } = get();
      if (!engine || engineStatus.state !== 'ready' || !database) {
        const busy = engineStatus.state === 'generating';
        put(key, {
          state: 'failed',
          text: '',
          error: toErrorPayload(
            new AppError(
              'model_not_loaded',
              busy ? 'The model is busy answering something else.' : 'No model is ready.',
              busy
                ? 'Try again when it has finished.'
                : 'Load a model or connect a server in the Model view.',
            ),
          ),
        });
        return;
      }
      controllers.get(key)?.abort();
      const controller = new AbortController();
      controllers.set(key, controller);
      const messages = explainMessages(
        sql,
        database.schema,
        explainSql(sql, database.schema),
        question,
      );
      let text = '';
      let content = '';
      // A thinking model's thinking is not the explanation: only its answer is shown.
      let live = new ThinkingStream();
      put(key, { state: 'streaming', text });
      get().setGenerating(true);
      try {
        for await (const event of engine.streamChat(
          // An explanation needs no reasoning, and its short limit leaves no room for it.
          { messages, ...EXPLAIN_DECODING, thinking: 'off' },
          controller.signal,
        )) {
          if (event.type === 'token') {
            content += event.text;
            for (const piece of live.push(event.text))
              if (piece.kind === 'answer') text += piece.text;
            put(key, { state: 'streaming', text });
          } else if (event.type === 'retry') {
            // A broken-off try is not part of the explanation.
            text = '';
            content = '';
            live = new ThinkingStream();
            put(key, { state: 'streaming', text });
          } else if (event.type === 'done') {
            text = splitThinking(content).answer;
            put(key, { state: 'done', text, cutOff: event.finishReason === 'length' });
          }
        }
      } catch (error) {
        put(key, { state: 'failed', text, error: toErrorPayload(error) });
      } finally {
        if (controllers.get(key) === controller) controllers.delete(key);
        get().setGenerating(false);
      }
    },

    stopExplanation(sql, question) {
      controllers.get(explanationKey(sql, question))?.abort();
    },
  };
};
