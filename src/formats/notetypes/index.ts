/** Note types: the built-in ones, and what a note shows derived from its fields. */
export * from './builtin';
export * from './derive';
