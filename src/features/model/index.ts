export { EngineStatusChip } from './engine-status-chip';
export { ModelPanel } from './model-panel';
export { useEngineBootstrap } from './use-engine-bootstrap';
export { ServerProposalBanner } from './server-proposal-banner';
