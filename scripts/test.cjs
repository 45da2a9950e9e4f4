'use strict';
// `npm test`: quality gates (typecheck, lint, format, build) then every vitest project
// (unit, renderer, e2e in Chromium, reliability). Ends with one line: `N passed, N failed`.
// REDLAB_TEST_GATES=0 skips the gates (for quick local runs); extra args go to vitest.
const fs = require('node:fs');
const path = require('node:path');
const { spawnSync } = require('node:child_process');

const root = path.join(__dirname, '..');
const bin = (name) => path.join(root, 'node_modules', '.bin', name);
let passed = 0;
let failed = 0;
const failures = [];

function step(name, cmd, args) {
  const t0 = Date.now();
  console.log(`\n▶ ${name}`);
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', env: process.env });
  const ok = r.status === 0;
  console.log(`${ok ? '✓' : '✗'} ${name} (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
  if (ok) passed++;
  else {
    failed++;
    failures.push(name);
  }
  return ok;
}

const gates = process.env.REDLAB_TEST_GATES !== '0';
if (gates) {
  step('typecheck (tsc + svelte-check)', 'npm', ['run', '--silent', 'typecheck']);
  step('lint (eslint --max-warnings 0)', 'npm', ['run', '--silent', 'lint']);
  step('format (prettier --check)', 'npm', ['run', '--silent', 'format:check']);
}
// The CLI, e2e and reliability tests run the built app.
step('build (electron-vite)', 'npm', ['run', '--silent', 'build']);
step('electronegativity (0 high-severity findings)', process.execPath, [path.join(__dirname, 'electronegativity.cjs')]);

const out = path.join(root, 'test-output');
fs.mkdirSync(out, { recursive: true });
// One vitest project at a time: the browser tests, the kill loops and the ML tests each want the
// whole (2-core) machine, and timing-sensitive tests must not starve each other.
const projects = ['unit', 'renderer', 'e2e', 'reliability'];
for (const project of projects) {
  const report = path.join(out, `vitest-${project}.json`);
  fs.rmSync(report, { force: true });
  console.log(`\n▶ vitest project ${project}`);
  spawnSync(
    bin('vitest'),
    [
      'run',
      '--project',
      project,
      '--passWithNoTests',
      '--reporter=default',
      '--reporter=json',
      `--outputFile=${report}`,
      ...process.argv.slice(2),
    ],
    { cwd: root, stdio: 'inherit', env: process.env },
  );
  if (!fs.existsSync(report)) {
    failed++;
    failures.push(`vitest project ${project} produced no report`);
    continue;
  }
  const r = JSON.parse(fs.readFileSync(report, 'utf8'));
  passed += r.numPassedTests;
  failed += r.numFailedTests;
  if (r.numFailedTests) failures.push(`${r.numFailedTests} ${project} test(s)`);
  // A suite that fails to load has no tests but still fails the run.
  const broken = (r.testResults || []).filter((x) => x.status === 'failed' && (x.assertionResults || []).length === 0);
  failed += broken.length;
  for (const x of broken) failures.push(`suite ${path.relative(root, x.name)} failed to load`);
}
if (failures.length) console.log(`\nFailed: ${failures.join('; ')}`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
