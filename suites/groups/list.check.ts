import { pagingChecks } from '../shared/paging-checks.ts';

// Account Discovery reads user accounts only, and the gallery's group pagination test is optional: SHOULD for groups.
export default pagingChecks({
  endpoint: 'Groups',
  nouns: 'groups',
  nameAttribute: 'displayName',
  level: 'SHOULD',
  gallery: { topic: 'gallery Logic App: optional group pagination test', covers: 'Gallery: Paginate Groups' },
});
