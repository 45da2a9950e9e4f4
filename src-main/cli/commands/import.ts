import { AppError } from '../../shared/errors';
import type { Command } from '../command';

export const importCommand: Command = {
  name: 'import',
  summary: '(not available yet)',
  usage: 'import',
  options: {},
  positionals: true,
  run() {
    return Promise.reject(new AppError('NOT_IMPLEMENTED', 'redlab import is not available in this version yet.'));
  },
};
