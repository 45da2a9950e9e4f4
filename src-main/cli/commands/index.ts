import type { Command } from '../command';
import { serveCommand } from './serve';
import { importCommand } from './import';
import { exportCommand } from './export';
import { synthCommand } from './synth';
import { trainCommand } from './train';
import { trainVerifierCommand } from './train-verifier';
import { inferCommand } from './infer';
import { evalCommand } from './eval';
import { auditCommand } from './audit';
import { reportCommand } from './report';
import { benchCommand } from './bench';

/** Every `redlab` command, in the order `redlab --help` lists them. */
export const COMMANDS: readonly Command[] = [
  serveCommand,
  importCommand,
  exportCommand,
  synthCommand,
  trainCommand,
  trainVerifierCommand,
  inferCommand,
  evalCommand,
  auditCommand,
  reportCommand,
  benchCommand,
];
