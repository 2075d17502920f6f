import type { Reference } from '@accounting-hub/core';

/** lexoffice caps `remark` at 2000 characters (notes §6.1). */
const MAX_REMARK = 2000;
const MARKER = 'Referenz: ';

/**
 * lexoffice has no external-reference field and no idempotency key (notes §8.5), so the hub's reference goes into
 * the remark, which lexoffice keeps and searches: findBooked recognises the document by it. The tenant's own
 * remark comes first and is shortened if needed, never the reference.
 */
export function remarkWith(tenantRemark: string | undefined, label: string, reference: Reference): string {
  const tail = `${label} · ${MARKER}${reference}`;
  if (!tenantRemark) return tail.slice(0, MAX_REMARK);
  const room = MAX_REMARK - tail.length - 2;
  const head = tenantRemark.length > room ? `${tenantRemark.slice(0, Math.max(0, room - 1))}…` : tenantRemark;
  return `${head}\n\n${tail}`;
}

/** Whether a remark read back from lexoffice carries this reference (whole, not as a prefix of a longer one). */
export function remarkHasReference(remark: string | null | undefined, reference: Reference): boolean {
  if (!remark) return false;
  const at = remark.indexOf(`${MARKER}${reference}`);
  if (at < 0) return false;
  const next = remark.charAt(at + MARKER.length + reference.length);
  return next === '' || /\s/.test(next);
}
