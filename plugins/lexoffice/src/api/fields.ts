/**
 * lexoffice field paths in the neutral model's words, so that a tenant is told which of *its* fields to fix.
 * Keys are lexoffice paths with the list indexes taken out; `#` in a neutral path takes the first index back
 * (`lineItems[2].name` -> `lines.2.title`). Paths not listed map to no neutral field (undefined).
 */
export interface NeutralField {
  field: string;
  /** How a sentence names it: "the VAT id". */
  label: string;
}

const FIELDS: Record<string, NeutralField> = {
  // contacts
  'company or person': { field: 'customer.type', label: 'a company or a person' },
  'company.name': { field: 'customer.companyName', label: 'the company name' },
  'company.vatRegistrationId': { field: 'customer.vatId', label: 'the VAT id' },
  'company.taxNumber': { field: 'customer.taxNumber', label: 'the tax number' },
  'company.contactPersons': { field: 'customer.contactPerson', label: 'the contact person' },
  'company.contactPersons.salutation': { field: 'customer.contactPerson.salutation', label: "the contact person's salutation" },
  'company.contactPersons.firstName': { field: 'customer.contactPerson.firstName', label: "the contact person's first name" },
  'company.contactPersons.lastName': { field: 'customer.contactPerson.lastName', label: "the contact person's last name" },
  'company.contactPersons.emailAddress': { field: 'customer.contactPerson.email', label: "the contact person's e-mail address" },
  'company.contactPersons.phoneNumber': { field: 'customer.contactPerson.phone', label: "the contact person's phone number" },
  'person.salutation': { field: 'customer.salutation', label: 'the salutation' },
  'person.firstName': { field: 'customer.firstName', label: 'the first name' },
  'person.lastName': { field: 'customer.lastName', label: 'the last name' },
  'addresses.billing': { field: 'customer.address', label: 'the billing address' },
  'addresses.billing.supplement': { field: 'customer.address.supplement', label: 'the address supplement' },
  'addresses.billing.street': { field: 'customer.address.street', label: 'the street' },
  'addresses.billing.zip': { field: 'customer.address.zip', label: 'the postcode' },
  'addresses.billing.city': { field: 'customer.address.city', label: 'the city' },
  'addresses.billing.countryCode': { field: 'customer.address.countryCode', label: 'the country code' },
  'emailAddresses.business': { field: 'customer.email', label: 'the e-mail address' },
  'phoneNumbers.business': { field: 'customer.phone', label: 'the phone number' },
  'phoneNumbers.mobile': { field: 'customer.mobile', label: 'the mobile number' },
  // invoices and credit notes
  voucherDate: { field: 'date', label: 'the date' },
  'address.contactId': { field: 'customer', label: 'the customer' },
  lineItems: { field: 'lines', label: 'the lines' },
  'lineItems.name': { field: 'lines.#.title', label: 'the line title' },
  'lineItems.description': { field: 'lines.#.description', label: 'the line description' },
  'lineItems.quantity': { field: 'lines.#.quantity', label: 'the quantity' },
  'lineItems.unitName': { field: 'lines.#.unitName', label: 'the unit' },
  'lineItems.unitPrice': { field: 'lines.#.unitPrice', label: 'the unit price' },
  'lineItems.unitPrice.netAmount': { field: 'lines.#.unitPrice', label: 'the unit price' },
  'lineItems.unitPrice.grossAmount': { field: 'lines.#.unitPrice', label: 'the unit price' },
  'lineItems.unitPrice.taxRatePercentage': { field: 'lines.#.taxRate', label: 'the tax rate' },
  'lineItems.discountPercentage': { field: 'lines.#.discountPercent', label: 'the discount' },
  totalPrice: { field: 'lines', label: 'the total' },
  'taxConditions.taxType': { field: 'taxSituation', label: 'the tax situation' },
  // shippingDate is the service date, or the start of the service period.
  'shippingConditions.shippingDate': { field: 'serviceDate', label: 'the service date' },
  'shippingConditions.shippingEndDate': { field: 'servicePeriod.end', label: 'the end of the service period' },
  'paymentConditions.paymentTermDuration': { field: 'dueDate', label: 'the due date' },
  introduction: { field: 'introduction', label: 'the introduction' },
  remark: { field: 'remark', label: 'the remark' },
  // vouchers: items are groups of lines, so they point at the lines as a whole
  voucherNumber: { field: 'number', label: 'the invoice number' },
  dueDate: { field: 'dueDate', label: 'the due date' },
  shippingDate: { field: 'serviceDate', label: 'the service date' },
  contactId: { field: 'customer', label: 'the customer' },
  totalGrossAmount: { field: 'lines', label: 'the gross total' },
  totalTaxAmount: { field: 'lines', label: 'the tax total' },
  voucherItems: { field: 'lines', label: 'the booked amounts' },
  'voucherItems.amount': { field: 'lines', label: 'a booked amount' },
  'voucherItems.taxAmount': { field: 'lines', label: 'a booked tax amount' },
  'voucherItems.taxRatePercent': { field: 'lines', label: 'a tax rate' },
  'voucherItems.categoryId': { field: 'lines', label: 'a revenue category' },
  // files
  file: { field: 'document', label: 'the file' },
};

/** `lineItems[0].unitPrice.taxRatePercentage` -> key `lineItems.unitPrice.taxRatePercentage`, indexes [0]. */
function splitPath(path: string): { key: string; indexes: string[] } {
  const segments = path.replace(/\[(\d+)\]/g, '.$1').split('.').filter((s) => s !== '');
  return {
    key: segments.filter((s) => !/^\d+$/.test(s)).join('.'),
    indexes: segments.filter((s) => /^\d+$/.test(s)),
  };
}

export function neutralField(providerField: string | undefined): NeutralField | undefined {
  if (!providerField) return undefined;
  const { key, indexes } = splitPath(providerField);
  const found = FIELDS[key];
  if (!found) return undefined;
  if (!found.field.includes('#')) return found;
  const index = indexes[0];
  return { ...found, field: index === undefined ? found.field.slice(0, found.field.indexOf('.#')) : found.field.replace('#', index) };
}

/** The value we sent at a lexoffice path, to quote it back ("The VAT id DE28407065 ..."). */
export function valueAt(body: unknown, providerField: string | undefined): string | undefined {
  if (!providerField) return undefined;
  const segments = providerField.replace(/\[(\d+)\]/g, '.$1').split('.');
  let current: unknown = body;
  for (const segment of segments) {
    if (Array.isArray(current)) current = current[/^\d+$/.test(segment) ? Number(segment) : 0];
    if (typeof current !== 'object' || current === null) return undefined;
    current = (current as Record<string, unknown>)[segment];
  }
  if (Array.isArray(current)) current = current[0];
  return typeof current === 'string' || typeof current === 'number' ? String(current) : undefined;
}
