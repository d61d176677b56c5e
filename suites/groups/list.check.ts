import { pagingChecks } from '../shared/paging-checks.ts';

// Account Discovery reads user accounts only, and the gallery's group pagination test is optional: SHOULD for groups.
export default pagingChecks({
  endpoint: 'Groups',
  nouns: 'groups',
  nameAttribute: 'displayName',
  level: 'SHOULD',
  gallery: { fact: 'entra.gallery.group-pagination', covers: 'Gallery: Paginate Groups' },
});
