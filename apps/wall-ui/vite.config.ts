// The wall screen's front-end build (Vite 8 + Preact, no plugin: Vite's own Oxc transform compiles TSX).
// Served by the server at /wall from dist/wall-ui (libs/wall).
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

export default defineConfig({
  root: here('.'),
  base: '/wall/',
  publicDir: false,
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  resolve: {
    // The shared contract types and the client library from source: one definition of every payload.
    alias: {
      '@app/contracts': here('../../libs/contracts/src/index.ts'),
      '@app/client': here('../../libs/client/src/index.ts'),
    },
  },
  build: {
    outDir: here('../../dist/wall-ui'),
    emptyOutDir: true,
    // Fonts and images as files under /wall/assets (hashed, cached for a year), never data: URLs,
    // so the page's CSP needs no `data:` for fonts.
    assetsInlineLimit: 0,
    target: 'es2022',
    sourcemap: false,
    reportCompressedSize: false,
  },
});
