export * from './helpers.js';
export { describeFlusherConformance } from './conformance.js';
