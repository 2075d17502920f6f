import { connector as reference } from '@accounting-hub/connector-reference';

/** A plugin whose manifest is wrong in two ways, for the loader's tests. */
export const connector = {
  ...reference,
  manifest: { ...reference.manifest, id: 'Broken Books', version: 'one' },
};
