import { AppError } from '../../shared/errors';
import type { Command } from '../command';

export const reportCommand: Command = {
  name: 'report',
  summary: '(not available yet)',
  usage: 'report',
  options: {},
  positionals: true,
  run() {
    return Promise.reject(new AppError('NOT_IMPLEMENTED', 'redlab report is not available in this version yet.'));
  },
};
