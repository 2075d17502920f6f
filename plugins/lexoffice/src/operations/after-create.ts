import { ConnectorError, uncertainError } from '@accounting-hub/core';

/**
 * Runs the steps that follow a successful create (read the number back, send the e-mail). Once lexoffice holds
 * the document, no failure may make the hub create it again: any error becomes `uncertain`, so the hub settles
 * with findBooked (which finds the document) instead of booking a second one.
 */
export async function afterCreate<T>(what: string, id: string, steps: () => Promise<T>): Promise<T> {
  try {
    return await steps();
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw uncertainError(`lexoffice created ${what} (id ${id}), but the next step failed: ${reason}`, {
      cause: error,
      ...(error instanceof ConnectorError && error.httpStatus ? { httpStatus: error.httpStatus } : {}),
    });
  }
}
