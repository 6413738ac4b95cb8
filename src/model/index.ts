export * from './inventory.js';
export * from './os.js';
export * from './package.js';
