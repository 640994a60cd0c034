// A fresh in-memory IndexedDB for every test file (storage tests), as in the browser.
import 'fake-indexeddb/auto';
