import { parseArgs } from 'node:util';
import { defaultDataDir } from '../app/paths';
import { APP_VERSION } from '../app/version';
import { isAppError } from '../shared/errors';
import { UsageError, type Command, type CommandIO, type OptionSpec } from './command';
import { COMMANDS } from './commands';

const GLOBAL_OPTIONS: OptionSpec = {
  'data-dir': { type: 'string' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
};

function mainHelp(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  return [
    `Redaction Lab ${APP_VERSION}: find, train on and audit redactions in released documents.`,
    '',
    'Usage: redlab <command> [options]',
    '',
    'Commands:',
    ...COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    'Every command takes:',
    "  --data-dir DIR  the data folder (default: the app's per-user folder, or $REDLAB_DATA_DIR)",
    '  --json          machine-readable output on stdout',
    '  --help          help for the command',
    '',
    "Run `redlab <command> --help` for a command's options.",
  ].join('\n');
}

function commandHelp(c: Command): string {
  const lines = [`Usage: redlab ${c.usage}`, '', c.summary, ''];
  const help = c.optionHelp ?? {};
  const names = Object.keys(help);
  if (names.length) {
    lines.push('Options:');
    const w = Math.max(...names.map((n) => n.length)) + 2;
    for (const n of names) lines.push(`  --${n.padEnd(w)}${help[n]}`);
    lines.push('');
  }
  lines.push('  --data-dir DIR, --json, --help as for every command.');
  return lines.join('\n');
}

function makeIO(json: boolean): CommandIO {
  return {
    info: (line) => {
      if (!json) process.stdout.write(line + '\n');
    },
    json: (value) => process.stdout.write(JSON.stringify(value, null, 2) + '\n'),
    warn: (line) => process.stderr.write(line + '\n'),
  };
}

/** Runs the CLI with `argv` (without node and script) and returns the exit code. */
export async function runCli(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(mainHelp() + '\n');
    return 0;
  }
  if (name === '--version' || name === '-v') {
    process.stdout.write(APP_VERSION + '\n');
    return 0;
  }
  const command = COMMANDS.find((c) => c.name === name);
  if (!command) {
    process.stderr.write(`redlab: unknown command "${name}". Run \`redlab --help\` for the list.\n`);
    return 2;
  }
  let parsed;
  try {
    parsed = parseArgs({
      args: rest,
      options: { ...GLOBAL_OPTIONS, ...command.options },
      allowPositionals: command.positionals ?? false,
      strict: true,
    });
  } catch (e) {
    process.stderr.write(`redlab ${name}: ${(e as Error).message}\nUsage: redlab ${command.usage}\n`);
    return 2;
  }
  const values = parsed.values as Record<string, string | boolean | undefined>;
  if (values.help) {
    process.stdout.write(commandHelp(command) + '\n');
    return 0;
  }
  const json = values.json === true;
  const dataDir = typeof values['data-dir'] === 'string' ? values['data-dir'] : defaultDataDir();
  try {
    return await command.run({
      values: parsed.values,
      positionals: parsed.positionals,
      dataDir,
      json,
      io: makeIO(json),
    });
  } catch (e) {
    if (e instanceof UsageError) {
      process.stderr.write(`redlab ${name}: ${e.message}\nUsage: redlab ${command.usage}\n`);
      return 2;
    }
    const msg = isAppError(e) ? e.message : e instanceof Error ? e.message : String(e);
    const code = isAppError(e) ? e.code : 'INTERNAL';
    if (json) process.stderr.write(JSON.stringify({ error: { code, message: msg } }) + '\n');
    else process.stderr.write(`redlab ${name}: ${msg}\n`);
    if (process.env.REDLAB_DEBUG && e instanceof Error) process.stderr.write(`${e.stack ?? ''}\n`);
    return 1;
  }
}

/** Entry point used by bin/redlab.cjs (built) and `npm run redlab:dev` (tsx). */
export function main(): void {
  runCli(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (e: unknown) => {
      process.stderr.write(`redlab: ${e instanceof Error ? e.message : String(e)}\n`);
      process.exitCode = 1;
    },
  );
}
