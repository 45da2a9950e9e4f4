'use strict';
// Runs Electronegativity (Doyensec's Electron security scanner) on the built app in out/ and
// fails on any HIGH-severity finding that is not suppressed below with a reason.
// Prints one line: `electronegativity: N high, N medium, N low (N suppressed)`.
const path = require('node:path');
const fs = require('node:fs');

const root = path.join(__dirname, '..');
const electronVersion = require(path.join(root, 'node_modules', 'electron', 'package.json')).version;

/** Findings reviewed by hand, with why they are safe. Keyed by check id and file. */
const SUPPRESSED = {
  // shell.openExternal is called only for https URLs whose host is on EXTERNAL_LINK_HOSTS
  // (src-main/app/handlers.ts isAllowedExternal), checked again in windowOpenDecision.
  OPEN_EXTERNAL_JS_CHECK: 'openExternal only for allow-listed https hosts (isAllowedExternal)',
};

async function main() {
  const input = path.join(root, 'out');
  if (!fs.existsSync(input)) {
    console.error('electronegativity: out/ is missing; run `npm run build` first.');
    process.exit(1);
  }
  const run = require('@doyensec/electronegativity/dist/runner.js');
  // The scanner tries to fetch Electron's release list; offline it logs and carries on.
  const quiet = console.log;
  console.log = () => {};
  let result;
  try {
    result = await run({ input, electronVersionOverride: electronVersion, isRelative: true, parserPlugins: [] });
  } finally {
    console.log = quiet;
  }
  const counts = { HIGH: 0, MEDIUM: 0, LOW: 0, INFORMATIONAL: 0 };
  let suppressed = 0;
  const unsuppressedHigh = [];
  for (const issue of result.issues) {
    const sev = issue.severity.name;
    if (SUPPRESSED[issue.id]) {
      suppressed++;
      continue;
    }
    counts[sev] = (counts[sev] || 0) + 1;
    if (sev === 'HIGH') unsuppressedHigh.push(`${issue.id} ${issue.file}:${issue.location.line}`);
    if (process.argv.includes('--verbose')) console.log(`${sev} ${issue.id} ${issue.file}:${issue.location.line}`);
  }
  for (const h of unsuppressedHigh) console.log(`HIGH ${h}`);
  console.log(
    `electronegativity: ${counts.HIGH} high, ${counts.MEDIUM} medium, ${counts.LOW + counts.INFORMATIONAL} low (${suppressed} suppressed, each explained in scripts/electronegativity.cjs)`,
  );
  process.exit(unsuppressedHigh.length ? 1 : 0);
}

main().catch((e) => {
  console.error(`electronegativity failed: ${e.message}`);
  process.exit(1);
});
