import type { ConnectionAuth, Connector, Customer } from '@accounting-hub/core';
import type { SandboxControl } from '../sandbox/types.js';

/** A connector together with a way to reach a sandbox of its tool. */
export interface ConformanceTarget<C, O> {
  connector: Connector<C, O>;
  /** Called in beforeAll: start (or reach) the sandbox; returns how to connect to it. */
  sandbox: () => Promise<SandboxHandle<C, O>>;
}

export interface SandboxHandle<C, O> {
  auth: ConnectionAuth<C>;
  /** Credentials of the right shape that the sandbox refuses. */
  badAuth: ConnectionAuth<C>;
  options: O;
  control: SandboxControl;
  close?: () => Promise<void>;
  /**
   * A customer the tool itself refuses, and the neutral field path expected in the validation error.
   * Default: seedCustomers.boerseGmbH (VAT id with 8 digits) and 'customer.vatId'.
   */
  invalidCustomer?: { customer: Customer; field: string };
}
