import { AppError } from '../../shared/errors';
import type { Command } from '../command';

export const synthCommand: Command = {
  name: 'synth',
  summary: '(not available yet)',
  usage: 'synth',
  options: {},
  positionals: true,
  run() {
    return Promise.reject(new AppError('NOT_IMPLEMENTED', 'redlab synth is not available in this version yet.'));
  },
};
