/** A module that fails while it loads, for the loader's tests. */
throw new Error('plugin exploded at import');
