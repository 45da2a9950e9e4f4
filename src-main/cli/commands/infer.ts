import { AppError } from '../../shared/errors';
import type { Command } from '../command';

export const inferCommand: Command = {
  name: 'infer',
  summary: '(not available yet)',
  usage: 'infer',
  options: {},
  positionals: true,
  run() {
    return Promise.reject(new AppError('NOT_IMPLEMENTED', 'redlab infer is not available in this version yet.'));
  },
};
