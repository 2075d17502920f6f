export * from './types.js';
export * from './memory-rate-limit-store.js';
export * from './redact.js';
export * from './retry-after.js';
export * from './idempotent.js';
export * from './client.js';
