/**
 * Node-only: an initialised sql.js for tests and scripts (the browser worker loads the wasm with
 * Vite's `?url` instead). Never import this from code that ships to the browser.
 */
import { createRequire } from 'node:module';
import initSqlJs, { type SqlJsStatic } from 'sql.js';

let loading: Promise<SqlJsStatic> | undefined;

export function loadSqlJsNode(): Promise<SqlJsStatic> {
  if (!loading) {
    const require = createRequire(import.meta.url);
    const wasm = require.resolve('sql.js/dist/sql-wasm.wasm');
    loading = initSqlJs({ locateFile: () => wasm });
  }
  return loading;
}
