import { deleteChecks } from '../shared/delete-checks.ts';

export default deleteChecks({
  endpoint: 'Groups',
  noun: 'group',
  covers: {
    hard: ['Validator: Delete a Group', 'Gallery: Delete a Group'],
    unknown: ['Validator preview: Delete a non-existent Group'],
    twice: ['Validator preview: Delete a Group twice'],
  },
});
