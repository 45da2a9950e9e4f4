import { AppError } from '../../shared/errors';
import type { Command } from '../command';

export const evalCommand: Command = {
  name: 'eval',
  summary: '(not available yet)',
  usage: 'eval',
  options: {},
  positionals: true,
  run() {
    return Promise.reject(new AppError('NOT_IMPLEMENTED', 'redlab eval is not available in this version yet.'));
  },
};
