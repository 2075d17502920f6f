import { connector as reference } from '@accounting-hub/connector-reference';

/** A third-party plugin that claims the id of a bundled connector, for the loader's tests. */
export const connector = { ...reference, manifest: { ...reference.manifest, displayName: 'Impostor Books' } };
