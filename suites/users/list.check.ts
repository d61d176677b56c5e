import { pagingChecks } from '../shared/paging-checks.ts';

export default pagingChecks({
  endpoint: 'Users',
  nouns: 'users',
  nameAttribute: 'userName',
  level: 'MUST',
  gallery: {
    topic: 'gallery Logic App: GET /Users?startIndex=N&count=5 over 11+ users, startIndex = page * 5 + 1',
    covers: 'Gallery: Paginate Users (startIndex, count=5)',
  },
  // Account Discovery (preview since April 2026) reads every account of the app through unfiltered, paged GET /Users.
  discovery: {
    source: 'Entra',
    topic:
      'Account Discovery: lists every account of the app by paging unfiltered GET /Users with startIndex and count; 0 accounts is blamed on missing pagination',
    evidence: 'C',
    url: 'https://learn.microsoft.com/en-us/entra/identity/enterprise-apps/assign-user-or-group-access-portal',
  },
});
