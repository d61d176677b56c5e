import { pagingChecks } from '../shared/paging-checks.ts';

export default pagingChecks({
  endpoint: 'Users',
  nouns: 'users',
  nameAttribute: 'userName',
  level: 'MUST',
  gallery: { fact: 'entra.gallery.user-pagination', covers: 'Gallery: Paginate Users (startIndex, count=5)' },
  // Account Discovery (preview since April 2026) reads every account of the app through unfiltered, paged GET /Users.
  discovery: 'entra.account-discovery',
});
