export function PipelinePanel() { return null; }
