/** A module that exports no connector, for the loader's tests. */
export const something = 42;
