export { DatabasePanel } from './database-panel';
export { DropZone } from './drop-zone';
export { useDatabaseBootstrap } from './use-database-bootstrap';
