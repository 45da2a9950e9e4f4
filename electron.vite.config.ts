import fs from 'node:fs';
import path from 'node:path';
import { defineConfig } from 'electron-vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';

const root = __dirname;
const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { version: string };

/** Every file in src-main/workers becomes its own entry: out/main/workers/NAME.js. */
function workerEntries(): Record<string, string> {
  const dir = path.join(root, 'src-main', 'workers');
  const entries: Record<string, string> = {};
  for (const f of fs.existsSync(dir) ? fs.readdirSync(dir) : []) {
    if (f.endsWith('.ts')) entries[`workers/${f.slice(0, -3)}`] = path.join(dir, f);
  }
  return entries;
}

const defines = {
  __REDLAB_BUNDLED__: 'true',
  __REDLAB_VERSION__: JSON.stringify(pkg.version),
};

export default defineConfig({
  main: {
    define: defines,
    build: {
      outDir: 'out/main',
      externalizeDeps: { include: ['@tensorflow/tfjs-node', '@tensorflow/tfjs-node-gpu'] },
      rollupOptions: {
        input: {
          index: path.join(root, 'src-main/index.ts'),
          cli: path.join(root, 'src-main/cli/index.ts'),
          ...workerEntries(),
        },
        output: { entryFileNames: '[name].js', chunkFileNames: 'chunks/[name]-[hash].js' },
      },
    },
  },
  preload: {
    define: defines,
    build: {
      outDir: 'out/preload',
      // A sandboxed preload cannot require node_modules: bundle everything but electron.
      externalizeDeps: false,
      rollupOptions: {
        input: { preload: path.join(root, 'src-main/preload.ts') },
        external: ['electron'],
        output: { format: 'cjs', entryFileNames: '[name].js' },
      },
    },
  },
  renderer: {
    root: path.join(root, 'src-renderer'),
    define: { __REDLAB_VERSION__: JSON.stringify(pkg.version) },
    plugins: [svelte({ configFile: false })],
    resolve: { alias: { $shared: path.join(root, 'src-main/shared') } },
    build: {
      outDir: path.join(root, 'out/renderer'),
      emptyOutDir: true,
      minify: true,
      rollupOptions: { input: path.join(root, 'src-renderer/index.html') },
    },
  },
});
