// The directory data the suite sends: exact lengths in characters, only BMP characters (so a string's length is its
// number of code points), characters outside ISO-8859-1 in every round, and plain values for matching attributes.
import { describe, expect, it } from 'vitest';
import { loadProfile } from '../src/profiles/load-profile.ts';
import { DIRECTORY_MAX_LENGTH, directoryField, type DirectoryForm, ValueFactory } from '../src/kit/values.ts';

const { profile } = loadProfile('entra');
const values = new ValueFactory('scimc-0123abcd');
const attributes = profile.users.attributes;
const FORMS: DirectoryForm[] = ['scripts', 'max-length', 'quoted', 'plus-address'];

describe('directory values', () => {
  it('are BMP only, and the max-length form is exactly the longest Entra allows', () => {
    for (const round of [0, 1, 2, 3]) {
      for (const attribute of attributes) {
        for (const form of FORMS) {
          const value = values.directoryValue(attribute, 7, round, form);
          if (value === undefined) continue;
          expect(/[\uD800-\uDFFF]/.test(value), `${attribute.path} ${form} ${value}`).toBe(false);
          expect([...value].length).toBe(value.length);
          expect(value).toBe(value.normalize('NFC'));
          expect(value).toBe(value.trim());
          if (form === 'max-length') expect(value.length, attribute.path).toBe(DIRECTORY_MAX_LENGTH[directoryField(attribute)!]);
          if (form === 'scripts' && ['givenName', 'surname'].includes(directoryField(attribute)!))
            expect(value.length).toBeLessThanOrEqual(32);
          if (form === 'scripts' && directoryField(attribute) === 'displayName') expect(value.length).toBeLessThanOrEqual(64);
        }
      }
    }
  });

  it('hold characters outside ISO-8859-1 in every round, and differ between rounds', () => {
    for (const form of ['scripts', 'max-length'] as const) {
      for (const round of [0, 1, 2, 3]) {
        const sent = attributes.map((a) => values.directoryValue(a, 7, round, form)).filter((v) => v !== undefined);
        expect(
          sent.some((v) => /[\u0100-\uffff]/.test(v)),
          `${form} round ${round}`,
        ).toBe(true);
      }
      for (const attribute of attributes) {
        const first = values.directoryValue(attribute, 7, 0, form);
        if (first !== undefined) expect(values.directoryValue(attribute, 7, 1, form), attribute.path).not.toBe(first);
      }
    }
  });

  it('leave matching attributes, phone numbers and codes alone', () => {
    const touched = attributes.filter((a) => FORMS.some((form) => values.directoryValue(a, 7, 0, form) !== undefined)).map((a) => a.path);
    expect(touched).not.toContain('userName');
    expect(touched.filter((p) => /phone|country|postal|employeeNumber|externalId|preferredLanguage/i.test(p))).toEqual([]);
  });

  it('build name.formatted as Entra does: givenName, a space, surname', () => {
    const find = (path: string) => attributes.find((a) => a.path === path)!;
    for (const form of ['scripts', 'max-length'] as const) {
      const given = values.directoryValue(find('name.givenName'), 7, 1, form);
      const family = values.directoryValue(find('name.familyName'), 7, 1, form);
      expect(values.directoryValue(find('name.formatted'), 7, 1, form)).toBe(`${given} ${family}`);
    }
  });
});
