export { DataLabPanel } from './data-lab-panel';
