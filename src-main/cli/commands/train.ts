import { AppError } from '../../shared/errors';
import type { Command } from '../command';

export const trainCommand: Command = {
  name: 'train',
  summary: '(not available yet)',
  usage: 'train',
  options: {},
  positionals: true,
  run() {
    return Promise.reject(new AppError('NOT_IMPLEMENTED', 'redlab train is not available in this version yet.'));
  },
};
