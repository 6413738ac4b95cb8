export * from './advisory.js';
export * from './finding.js';
export * from './inventory.js';
export * from './os.js';
export * from './package.js';
export * from './scan-result.js';
