export function EngineStatusChip(_props: { onOpen: () => void }) { return null; }
