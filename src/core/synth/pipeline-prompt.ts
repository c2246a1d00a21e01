/**
 * The pipeline's prompts as the pipeline itself renders them for a call (src/core/budget's
 * prepareCallPrompt): the weak model's Text2SQL prompt and every training sample go through it,
 * so a model trained on the samples meets exactly the prompts the "fine-tuned" (zero-shot) style
 * sends, fitted to the window the same way when a window and a tokenizer are known.
 */
import { prepareCallPrompt, type RunBudget } from '../budget/call-prompt';
import type { PromptBuilder } from '../budget/fit-prompt';
import type { ChatMessage } from '../llm/chat';
import { DEFAULT_PIPELINE_SETTINGS } from '../pipeline/defaults';
import type { SimplifiedSchema } from '../pipeline/events';
import type { QuestionParts } from '../pipeline/prompts';
import type { SampleRows } from '../schema/schema-text';
import { settled } from '../tokens/token-counter';
import type { DbSchema } from '../schema/types';

/**
 * Messages for one call; throws the budget's AppError when even the smallest prompt cannot fit.
 * Its counts are exact only inside `settle` (a tokenizer in a worker answers later): code that
 * renders prompts runs under `settle`, which reruns it until every count it used is known.
 */
export type RenderPrompt = ((
  build: PromptBuilder,
  schema: 'full' | SimplifiedSchema,
  question: QuestionParts,
) => ChatMessage[]) & { settle<T>(compute: () => T): Promise<T> };

export const NO_BUDGET: RunBudget = { counter: null, window: null };

export function pipelinePromptRenderer(
  schema: DbSchema,
  samples: SampleRows,
  budget: RunBudget = NO_BUDGET,
): RenderPrompt {
  const settings = { ...DEFAULT_PIPELINE_SETTINGS, promptStyle: 'zero_shot' as const };
  const render = (
    build: PromptBuilder,
    shown: 'full' | SimplifiedSchema,
    question: QuestionParts,
  ): ChatMessage[] => {
    const prepared = prepareCallPrompt(
      { build, schema: shown },
      { schema, samples, question: question.question, hint: question.hint, settings },
      budget,
    );
    if (!prepared.ok) throw prepared.error;
    return prepared.prompt.messages;
  };
  return Object.assign(render, {
    settle: <T>(compute: () => T): Promise<T> => settled(budget.counter, compute),
  });
}
