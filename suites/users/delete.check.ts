import { deleteChecks } from '../shared/delete-checks.ts';

export default deleteChecks({
  endpoint: 'Users',
  noun: 'user',
  covers: {
    hard: ['Validator: Delete a User', 'Gallery: Delete a User'],
    unknown: ['Validator preview: Delete a non-existent User'],
    twice: ['Validator preview: Delete a User twice'],
  },
});
