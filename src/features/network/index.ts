export { NetworkMeter } from './network-meter';
export { OfflineStatus } from './offline-status';
export { useNetworkBootstrap } from './use-network-bootstrap';
