/**
 * What an "Explain" box needs from the store for one SQL: the schema, whether a model can
 * explain, and the model's explanation so far with its actions. One hook for every place
 * that offers Explain (the editor, the stage cards, History).
 */
import { explanationKey, type ModelExplanation } from './explain-slice';
import { useAppStore } from './store';

export interface ExplanationBinding {
  schema: import('../core/schema/types').DbSchema | null;
  modelReady: boolean;
  model: ModelExplanation | null;
  askModel(): void;
  stop(): void;
}

export function useExplanation(sql: string, question: string | null): ExplanationBinding {
  const key = explanationKey(sql, question);
  const schema = useAppStore((s) => s.database?.schema ?? null);
  const modelReady = useAppStore((s) => s.engine !== null && s.engineStatus.state === 'ready');
  const model = useAppStore((s) => s.modelExplanations[key] ?? null);
  const explainWithModel = useAppStore((s) => s.explainWithModel);
  const stopExplanation = useAppStore((s) => s.stopExplanation);
  return {
    schema,
    modelReady,
    model,
    askModel: () => void explainWithModel(sql, question),
    stop: () => stopExplanation(sql, question),
  };
}
