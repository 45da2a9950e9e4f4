'use strict';
// `npm run test:reliability`: crash-safety kill loops, hostile inputs, property tests (vitest project
// "reliability") and the Electron security scan, then one summary line with the figures.
// REDLAB_RELIABILITY_SCALE=5 multiplies the kill iterations (CI uses the minimum).
const fs = require('node:fs');
const path = require('node:path');
const { spawnSync } = require('node:child_process');
const { buildIfStale } = require('./build-if-stale.cjs');

const root = path.join(__dirname, '..');
const out = path.join(root, 'test-output', 'reliability');
fs.rmSync(out, { recursive: true, force: true });
if (!buildIfStale()) process.exit(1);

const t0 = Date.now();
const vitest = spawnSync(
  path.join(root, 'node_modules', '.bin', 'vitest'),
  ['run', '--project', 'reliability', ...process.argv.slice(2)],
  {
    cwd: root,
    stdio: 'inherit',
  },
);
const scan = spawnSync(process.execPath, [path.join(__dirname, 'electronegativity.cjs')], {
  cwd: root,
  encoding: 'utf8',
});
process.stdout.write(
  scan.stdout
    .split('\n')
    .filter((l) => !/translations/.test(l))
    .join('\n'),
);
const high = /electronegativity: (\d+) high/.exec(scan.stdout)?.[1] ?? '?';

const fig = (name) => {
  try {
    return JSON.parse(fs.readFileSync(path.join(out, `${name}.json`), 'utf8'));
  } catch {
    return null;
  }
};
const parts = [];
const saves = fig('save-kills');
parts.push(saves ? `${saves.kills} kills ${saves.lost} lost` : 'save kills n/a');
const imports = fig('import-kills');
if (imports) parts.push(`${imports.kills} import kills ${imports.visibleHalf} half-imported`);
const migrations = fig('migration-kills');
if (migrations) parts.push(`${migrations.kills} migration kills ${migrations.bad} bad`);
const training = fig('training-kills');
parts.push(training ? `${training.kills} training kills ${training.badResumes} bad resumes` : 'training kills n/a');
const hostile = fig('hostile');
parts.push(hostile ? `${hostile.inputs} hostile inputs ${hostile.crashes} crashes` : 'hostile inputs n/a');
const prop = fig('property-ipc');
if (prop) parts.push(`${prop.cases} property cases on ${prop.channels} channels`);
parts.push(`electronegativity ${high} high`);
const minutes = ((Date.now() - t0) / 60000).toFixed(1);
console.log(`reliability: ${parts.join(', ')} (${minutes} min)`);
process.exit(vitest.status === 0 && scan.status === 0 ? 0 : 1);
