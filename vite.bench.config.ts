/**
 * Builds the benchmark's collection generator page (bench/index.html) into dist-bench/. It is a
 * separate build on purpose: nothing of it reaches dist/, the app's bundle or its precache.
 * `npm run bench` copies it next to a private copy of dist/ so that it runs on the app's origin.
 */
import { defineConfig } from 'vite';

export default defineConfig({
  define: { __APP_VERSION__: JSON.stringify('bench') },
  publicDir: false,
  build: {
    target: 'es2022',
    outDir: 'dist-bench',
    emptyOutDir: true,
    assetsDir: 'bench-assets',
    modulePreload: { polyfill: false },
    rollupOptions: { input: 'bench/index.html' },
  },
});
