// The load command's defaults, apart from the engine so that --help and flag checks load no HTTP client.
import type { LoadDialect } from './workload.ts';

export const LOAD_DEFAULTS = {
  users: 1000,
  rate: 25 as number | 'max',
  concurrency: 8,
  durationSeconds: 120,
  dialect: 'aadOptscim062020' as LoadDialect,
  groupSize: 100,
  groupBatch: 50,
  softDeleteShare: 0.1,
};
