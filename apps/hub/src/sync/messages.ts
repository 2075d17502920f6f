import type { ConnectorError } from '@accounting-hub/core';

/** The inbox sentence for a failure that needs the tenant: what failed, why, and what to do about it. */
export function failureMessage(args: {
  op: 'book' | 'cancel';
  number: string;
  tool: string;
  error: ConnectorError;
  attempts: number;
}): string {
  const what = args.op === 'book' ? `Booking invoice ${args.number}` : `Cancelling invoice ${args.number}`;
  const reason = args.error.message.trim();
  const head = `${what} in ${args.tool} failed: ${/[.!?)]$/.test(reason) ? reason : `${reason}.`}`;
  switch (args.error.kind) {
    case 'validation':
      return `${head} Correct the data and sync again, mark this resolved if you booked it by hand, or disable sync for the customer if ${args.tool} holds a copy edited by hand.`;
    case 'auth':
      return `${head} Connect ${args.tool} again in the settings; failed invoices are then synced again.`;
    case 'unsupported':
      return `${head} Change the settings or book it by hand and mark this resolved.`;
    default:
      return `${head} Gave up after ${args.attempts} attempts; sync again once ${args.tool} answers, or mark this resolved if you booked it by hand.`;
  }
}
