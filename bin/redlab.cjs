#!/usr/bin/env node
'use strict';
// The `redlab` command. Runs the built CLI bundle; `npm install` builds it (the `prepare` script).
const fs = require('node:fs');
const path = require('node:path');

const cli = path.join(__dirname, '..', 'out', 'main', 'cli.js');
if (!fs.existsSync(cli)) {
  process.stderr.write(
    'redlab: the app is not built yet. Run `npm run build` in ' + path.dirname(__dirname) + ' first.\n',
  );
  process.exit(1);
}
require(cli);
