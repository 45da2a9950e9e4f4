'use strict';
// `npm install` / `npm ci` run this: build the app so `npx redlab` and `npm start` work at once.
// Skipped quietly when dev dependencies are absent (a production install of a packaged tree).
const fs = require('node:fs');
const path = require('node:path');
const { buildIfStale } = require('./build-if-stale.cjs');

const root = path.join(__dirname, '..');
if (!fs.existsSync(path.join(root, 'node_modules', 'electron-vite'))) process.exit(0);
if (!buildIfStale()) {
  console.error('Redaction Lab: the build failed; run `npm run build` to see why.');
  process.exit(1);
}
