import { describe, expect, it } from 'vitest';
import { idMatcher } from '../src/runner/registry.ts';

describe('check id globs', () => {
  const ids = ['users.filter.eq-hit.userName', 'users.filter.invalid-syntax', 'users.create.created', 'groups.create.created'];
  const pick = (...patterns: string[]) => ids.filter(idMatcher(patterns));

  it('keeps * within one segment and lets ** cross them', () => {
    expect(pick('users.filter.*')).toEqual(['users.filter.invalid-syntax']);
    expect(pick('users.filter.**')).toEqual(['users.filter.eq-hit.userName', 'users.filter.invalid-syntax']);
  });

  it('selects everything below a plain prefix, case-insensitively', () => {
    expect(pick('USERS.filter')).toEqual(['users.filter.eq-hit.userName', 'users.filter.invalid-syntax']);
  });

  it('removes what a ! pattern matches, and selects everything when no pattern is given', () => {
    expect(pick('users.**', '!users.filter.**')).toEqual(['users.create.created']);
    expect(pick('!users.**')).toEqual(['groups.create.created']);
    expect(pick()).toEqual(ids);
  });
});
