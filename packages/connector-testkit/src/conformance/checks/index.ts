export { manifestChecks, capabilityProblems } from './manifest.js';
export { connectionChecks } from './connection.js';
export { customerChecks } from './customers.js';
export { invoiceModeChecks, voucherModeChecks } from './booking.js';
export { creditChecks } from './credits.js';
export { uncertainChecks } from './uncertain.js';
export { errorChecks } from './errors.js';
