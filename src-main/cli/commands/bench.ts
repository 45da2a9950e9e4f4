import { AppError } from '../../shared/errors';
import type { Command } from '../command';

export const benchCommand: Command = {
  name: 'bench',
  summary: '(not available yet)',
  usage: 'bench',
  options: {},
  positionals: true,
  run() {
    return Promise.reject(new AppError('NOT_IMPLEMENTED', 'redlab bench is not available in this version yet.'));
  },
};
