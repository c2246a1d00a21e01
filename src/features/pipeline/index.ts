export { PipelinePanel } from './pipeline-panel';
export { useSharedQuestion } from './use-shared-question';
