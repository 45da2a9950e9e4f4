import { AppError } from '../../shared/errors';
import type { Command } from '../command';

export const exportCommand: Command = {
  name: 'export',
  summary: '(not available yet)',
  usage: 'export',
  options: {},
  positionals: true,
  run() {
    return Promise.reject(new AppError('NOT_IMPLEMENTED', 'redlab export is not available in this version yet.'));
  },
};
