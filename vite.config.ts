import { defineConfig, type Plugin } from 'vite';
import preact from '@preact/preset-vite';
import { VitePWA } from 'vite-plugin-pwa';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const pkg = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8')) as { version: string };

/**
 * The app's Content-Security-Policy. No inline scripts and no eval: only our own scripts run.
 * 'wasm-unsafe-eval' lets the SQLite WebAssembly module (Anki import) compile; it does not allow
 * JavaScript eval. Inline styles are allowed for KaTeX layout and sanitized imported styles.
 */
export const CSP = [
  "default-src 'self'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' blob: data:",
  // A mock interview plays back the answer recorded in the page (a blob: URL).
  "media-src 'self' blob:",
  "font-src 'self' data:",
  // Sync: the user's own CouchDB server, over HTTPS anywhere or plain HTTP on this machine.
  "connect-src 'self' https: http://localhost:* http://127.0.0.1:*",
  "worker-src 'self' blob:",
  "manifest-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');

/** Puts the CSP into the built index.html (dev mode needs Vite's inline HMR preamble, so not there). */
function cspMeta(): Plugin {
  return {
    name: 'prepdeck-csp-meta',
    apply: 'build',
    transformIndexHtml(html) {
      return html.replace('<meta charset="UTF-8" />', `<meta charset="UTF-8" />\n    <meta http-equiv="Content-Security-Policy" content="${CSP}" />`);
    },
  };
}

/**
 * Ships fsrs-browser (fsrs-rs compiled to wasm with threads) as static files under /fsrs/,
 * untouched by the bundler: wasm-bindgen-rayon's thread workers re-import the package by a
 * relative URL, which only works when the files keep their layout. The optimiser worker imports
 * /fsrs/fsrs_browser.js at run time; the service worker precaches the files (offline fitting).
 */
function fsrsBrowserAssets(): Plugin {
  const pkg = join(process.cwd(), 'node_modules', 'fsrs-browser');
  const helpers = 'snippets/wasm-bindgen-rayon-38edf6e439f6d70d/src/workerHelpers.js';
  const files = ['fsrs_browser.js', 'fsrs_browser_bg.wasm', helpers];
  const contents = (file: string): Buffer | string => {
    const bytes = readFileSync(join(pkg, file));
    // `import('../../..')` means "the package" to a bundler; to a browser it is a directory URL.
    return file === helpers ? bytes.toString('utf8').replace("import('../../..')", "import('../../../fsrs_browser.js')") : bytes;
  };
  return {
    name: 'prepdeck-fsrs-browser-assets',
    configureServer(server) {
      server.middlewares.use((req, res, next) => {
        const file = files.find((f) => req.url?.split('?')[0] === `/fsrs/${f}`);
        if (!file) return next();
        res.setHeader('Content-Type', file.endsWith('.wasm') ? 'application/wasm' : 'text/javascript');
        res.end(contents(file));
      });
    },
    generateBundle() {
      for (const file of files) this.emitFile({ type: 'asset', fileName: `fsrs/${file}`, source: contents(file) });
    },
  };
}

/**
 * Cross-origin isolation: the FSRS optimiser (fsrs-browser, wasm with threads) needs
 * SharedArrayBuffer, which browsers only give isolated pages. Servers that can set headers send
 * these; on static hosts public/coi-headers.js (imported by the service worker) adds them.
 */
export const ISOLATION_HEADERS = { 'Cross-Origin-Opener-Policy': 'same-origin', 'Cross-Origin-Embedder-Policy': 'require-corp' };

export default defineConfig({
  define: {
    __APP_VERSION__: JSON.stringify(pkg.version),
  },
  build: {
    target: 'es2022',
    sourcemap: false,
    // The deck and import chunks are lazy; the first screen stays small (see scripts/size.mjs).
    modulePreload: { polyfill: false },
    rollupOptions: {
      output: {
        // Code that only the workbench screens use (review, edit, browse, deck overview) goes in
        // one chunk of its own; left to itself the bundler merged it with the storage code the
        // first screen needs, and the first screen then carried the scheduler and the editor.
        codeSplitting: {
          groups: [
            // What opening the database needs (the first screen): kept out of the group below.
            { name: 'db', priority: 2, test: /node_modules[\\/]idb|src[\\/](core[\\/](types|errors|buckets|time)|storage[\\/](schema|db|stamp|errors|write|deck-totals|pack-format|packed|packs|builtin-check)|formats[\\/]notetypes[\\/]builtin)\./ },
            { name: 'workbench', priority: 1, test: /node_modules[\\/]ts-fsrs|src[\\/](core[\\/](scheduler|search)|storage[\\/](edit|card-actions|records|review|decks|browse)|formats[\\/](notetypes[\\/]derive|apkg[\\/]templates|shared[\\/]html))/ },
          ],
        },
      },
    },
  },
  worker: { format: 'es' },
  server: { headers: ISOLATION_HEADERS },
  preview: {
    headers: { 'Content-Security-Policy': CSP, 'X-Content-Type-Options': 'nosniff', ...ISOLATION_HEADERS },
  },
  plugins: [
    preact(),
    cspMeta(),
    fsrsBrowserAssets(),
    VitePWA({
      registerType: 'prompt',
      injectRegister: false,
      strategies: 'generateSW',
      includeManifestIcons: false,
      manifest: {
        id: '/',
        name: 'Prepdeck — ML interview flashcards',
        short_name: 'Prepdeck',
        description: 'Study for machine-learning-engineer interviews ten minutes a day, offline, with spaced repetition.',
        lang: 'en',
        start_url: '/',
        scope: '/',
        display: 'standalone',
        orientation: 'any',
        theme_color: '#3b4cca',
        background_color: '#f7f7fb',
        categories: ['education', 'productivity'],
        icons: [
          { src: '/icons/icon-192.png', sizes: '192x192', type: 'image/png', purpose: 'any' },
          { src: '/icons/icon-512.png', sizes: '512x512', type: 'image/png', purpose: 'any' },
          { src: '/icons/icon-maskable-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
        ],
        shortcuts: [
          {
            name: 'Study now',
            short_name: 'Study',
            description: 'Start today’s reviews across all decks',
            url: '/#/study/all',
            icons: [{ src: '/icons/icon-192.png', sizes: '192x192', type: 'image/png' }],
          },
        ],
        file_handlers: [
          {
            action: '/#/import',
            accept: {
              'application/octet-stream': ['.apkg', '.colpkg'],
              'text/csv': ['.csv'],
              'text/tab-separated-values': ['.tsv'],
              'text/plain': ['.txt'],
              'text/markdown': ['.md'],
            },
          },
        ],
        share_target: {
          action: '/share-target',
          method: 'POST',
          enctype: 'multipart/form-data',
          params: { files: [{ name: 'file', accept: ['.apkg', '.colpkg', '.csv', '.tsv', '.txt', '.md', 'text/*', 'application/octet-stream'] }] },
        },
      } as Record<string, unknown>,
      workbox: {
        clientsClaim: true,
        skipWaiting: false,
        cleanupOutdatedCaches: true,
        globPatterns: ['**/*.{js,css,html,wasm,woff2,json,svg,png,ico,txt}'],
        globIgnores: ['**/node_modules/**'],
        maximumFileSizeToCacheInBytes: 8 * 1024 * 1024,
        navigateFallback: 'index.html',
        navigateFallbackDenylist: [/^\/share-target/],
        // coi-headers.js first: its fetch listener must answer navigations before workbox's.
        importScripts: ['coi-headers.js', 'share-target.js'],
      },
    }),
  ],
});
