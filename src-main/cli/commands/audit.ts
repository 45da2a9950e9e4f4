import { AppError } from '../../shared/errors';
import type { Command } from '../command';

export const auditCommand: Command = {
  name: 'audit',
  summary: '(not available yet)',
  usage: 'audit',
  options: {},
  positionals: true,
  run() {
    return Promise.reject(new AppError('NOT_IMPLEMENTED', 'redlab audit is not available in this version yet.'));
  },
};
