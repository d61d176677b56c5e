// The PATCH bodies the suite sends must be the ones Entra sends (fact entra.patch.dialects), and valid PatchOps.
import { describe, expect, it } from 'vitest';
import { buildPatch } from '../src/kit/patch-dialects.ts';
import { validateAgainst } from '../src/kit/schema-validator.ts';

const ENT = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
const changes = [
  { path: 'userName', value: 'ada@example.com' },
  { path: 'name.givenName', value: 'Ada' },
  { path: `${ENT}:department`, value: 'R&D' },
  { path: 'emails[type eq "work"].value', value: 'ada.mail@example.com' },
  { path: 'active', value: false },
  { path: 'title', value: 'Engineer', wasEmpty: true },
];

describe('Entra PATCH dialects', () => {
  it('default: one capitalised op per attribute, booleans as "True"/"False", Add for empty attributes', () => {
    expect(buildPatch('default', changes).Operations).toEqual([
      { op: 'Replace', path: 'userName', value: 'ada@example.com' },
      { op: 'Replace', path: 'name.givenName', value: 'Ada' },
      { op: 'Replace', path: `${ENT}:department`, value: 'R&D' },
      { op: 'Replace', path: 'emails[type eq "work"].value', value: 'ada.mail@example.com' },
      { op: 'Replace', path: 'active', value: 'False' },
      { op: 'Add', path: 'title', value: 'Engineer' },
    ]);
  });

  it('aadOptscim062020: lowercase, real booleans, simple/dotted/URN keys merged into one path-less op, value paths separate', () => {
    expect(buildPatch('aadOptscim062020', changes).Operations).toEqual([
      { op: 'replace', value: { userName: 'ada@example.com', 'name.givenName': 'Ada', [`${ENT}:department`]: 'R&D', active: false } },
      { op: 'add', value: { title: 'Engineer' } },
      { op: 'replace', path: 'emails[type eq "work"].value', value: 'ada.mail@example.com' },
    ]);
  });

  it('builds valid PatchOp bodies in both dialects', () => {
    for (const dialect of ['default', 'aadOptscim062020'] as const) {
      expect(validateAgainst('PatchOp', buildPatch(dialect, changes))).toEqual({ valid: true, errors: [] });
    }
  });
});
