// The few PouchDB 9 calls the sync client uses, typed here: @types/pouchdb-* add global
// typings that break scripts/bench.ts under this tsconfig (docs/sync-notes.md).
declare module 'pouchdb-core' {
  const PouchDB: import('./pouch-types').PouchStatic;
  export default PouchDB;
}
declare module 'pouchdb-adapter-http' {
  const plugin: unknown;
  export default plugin;
}
declare module 'pouchdb-adapter-idb' {
  const plugin: unknown;
  export default plugin;
}
declare module 'pouchdb-adapter-memory' {
  const plugin: unknown;
  export default plugin;
}
declare module 'pouchdb-replication' {
  const plugin: unknown;
  export default plugin;
}
