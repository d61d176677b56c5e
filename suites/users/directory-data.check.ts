// Users as real tenants hold them: names in other scripts, apostrophes and hyphens, the longest values Entra allows,
// plus-addressed mail, and a displayName with quotes in a filter. Matching attributes keep their plain values
// (Entra cannot filter on special characters in them); everything else carries the directory data.
import {
  type AttributeMapping,
  type Profile,
  type Dialect,
  defineCheck,
  pathKey,
  type Exchange,
  describeMismatches,
  mismatches,
  type CheckContext,
  PATCH_OK,
  profileDialects,
  buildPatch,
  eqFilter,
  setPath,
  type DirectoryForm,
  hasDirectoryValue,
  property,
  type FactId,
} from '../../src/kit/index.ts';

type DataForm = Extract<DirectoryForm, 'scripts' | 'max-length'>;

/** `facts`: what the form rests on besides the values coming back as sent and strings being Unicode. */
const FORMS: Record<DataForm, { title: string; facts: FactId[]; fix: string }> = {
  scripts: {
    title: 'names with diacritics, in CJK, Cyrillic, Arabic and Greek, with apostrophes and hyphens',
    facts: [],
    fix:
      'Store strings as Unicode end to end (UTF-8 request decoding, a UTF-8 or UTF-16 database column and connection) and return them ' +
      'unchanged: no transliteration, no "?" for unknown characters, no stripped apostrophes or hyphens.',
  },
  'max-length': {
    title: 'the longest values Entra allows, mixing scripts: displayName 256 characters, names 64, jobTitle 128, department 64',
    facts: ['entra.graph.user-lengths'],
    fix:
      'Size columns for the lengths Entra allows, counted in characters, not bytes (a 256-character displayName in CJK is 768 bytes ' +
      'of UTF-8), and never cut a value silently.',
  },
};

/** Attributes that carry directory data of this form: sent on create (or updated later), never matching. */
function carriers(profile: Profile, form: DirectoryForm, update = false): AttributeMapping[] {
  return profile.users.attributes.filter((a) => a.onCreate !== false && (!update || a.updatable !== false) && hasDirectoryValue(a, form));
}

function directoryValues(
  ctx: CheckContext,
  attributes: AttributeMapping[],
  seed: number,
  round: number,
  form: DirectoryForm,
): Map<string, string> {
  return new Map(attributes.map((a) => [a.path, ctx.values.directoryValue(a, seed, round, form)!]));
}

/** The mismatches, with the lengths sent and returned when a value came back shorter. */
function describeWrong(wrong: ReturnType<typeof mismatches>): string {
  const lengths = wrong
    .flatMap(({ path, sent, returned }) =>
      typeof sent === 'string' && typeof returned === 'string' && returned.length < sent.length
        ? [`${path} ${sent.length} characters sent, ${returned.length} returned`]
        : [],
    )
    .join('; ');
  return `${describeMismatches(wrong)}${lengths ? ` (${lengths})` : ''}`;
}

/** Creates a user whose `attributes` carry directory data of `form` instead of the usual values, and reads it back by id. */
async function createAndRead(ctx: CheckContext, attributes: AttributeMapping[], form: DirectoryForm, what: string, fix: string) {
  const draft = ctx.fixtures.draftUser();
  const sent = directoryValues(ctx, attributes, draft.seed, 0, form);
  for (const [path, value] of sent) setPath(draft.body, path, value);
  const { exchange: created, id } = await ctx.fixtures.postUser(draft.body);
  // 201 rather than 200 is judged by users.create.created; here a refusal of the data is what matters.
  ctx.expect.status(created, [200, 201], `201 Created for a user with ${what}`, created.status === 400 ? fix : undefined);
  if (!id)
    return ctx.precondition({ expected: 'an "id" in the create response (see users.create.created)', got: 'no id', exchange: created });
  const read = await ctx.client.get(`/Users/${encodeURIComponent(id)}`);
  return { sent, created, read, resource: ctx.expect.status(read, [200], '200 with the user') };
}

const createChecks = [
  defineCheck<DataForm>({
    id: 'users.directory-data.create',
    title: 'A user created with real directory data reads back exactly as sent',
    feature: 'directory data',
    level: 'MUST',
    evidence: ['entra.values-as-sent', 'rfc7643.2.3.1.string'],
    mutates: true,
    fix: 'Store every string attribute as the Unicode text Entra sent and return it unchanged.',
    variants: (profile) =>
      (Object.keys(FORMS) as DataForm[])
        .filter((form) => carriers(profile, form).length > 0)
        .map((form) => ({
          key: form,
          title: FORMS[form].title,
          value: form,
          evidence: ['entra.values-as-sent', ...FORMS[form].facts, 'rfc7643.2.3.1.string'],
        })),
    async run(ctx, form) {
      const attributes = carriers(ctx.profile, form);
      const { sent, created, read, resource } = await createAndRead(ctx, attributes, form, FORMS[form].title, FORMS[form].fix);
      const wrong = mismatches(resource, sent, attributes);
      if (wrong.length) {
        ctx.fail({
          expected: 'every attribute returned exactly as sent',
          got: describeWrong(wrong),
          cause: created,
          exchange: read,
          fix: FORMS[form].fix,
        });
      }
    },
  }),
  defineCheck<{ dialect: Dialect; form: DataForm }>({
    id: 'users.directory-data.patch',
    title: 'A PATCH to real directory data reads back exactly as sent',
    feature: 'directory data',
    level: 'MUST',
    evidence: ['entra.values-as-sent', 'rfc7644.3.5.2.patch', 'rfc7643.2.3.1.string'],
    requires: ['patch'],
    mutates: true,
    fix: "Apply Entra's PATCH operations and store the new values as the Unicode text sent, at full length.",
    variants: (profile) =>
      profileDialects(profile).flatMap((dialect) =>
        (Object.keys(FORMS) as DataForm[])
          .filter((form) => carriers(profile, form, true).length > 0)
          .map((form) => ({
            key: `${dialect}-${form}`,
            title: `${dialect} dialect, ${FORMS[form].title}`,
            value: { dialect, form },
            dialect,
            evidence: ['entra.values-as-sent', 'rfc7644.3.5.2.patch', ...FORMS[form].facts, 'rfc7643.2.3.1.string'],
          })),
      ),
    async run(ctx, { dialect, form }) {
      const attributes = carriers(ctx.profile, form, true);
      // Created with the usual plain values: this check is about the update, users.directory-data.create about the create.
      const { draft, id } = await ctx.require.user();
      const sent = directoryValues(ctx, attributes, draft.seed, 1, form);
      const body = buildPatch(
        dialect,
        [...sent].map(([path, value]) => ({ path, value })),
      );
      const patched = await ctx.client.patch(`/Users/${encodeURIComponent(id)}`, body);
      ctx.expect.status(patched, PATCH_OK, '200 with the user or 204 No Content', patched.status === 400 ? FORMS[form].fix : undefined);
      const read = await ctx.client.get(`/Users/${encodeURIComponent(id)}`);
      const resource = ctx.expect.status(read, [200], '200 with the updated user');
      const wrong = mismatches(resource, sent, attributes);
      if (wrong.length) {
        const expected = 'every patched attribute returned with its new value, exactly as sent';
        ctx.fail({ expected, got: describeWrong(wrong), cause: patched, exchange: read, fix: FORMS[form].fix });
      }
    },
  }),
];

/** The list in `exchange` holds exactly the user `id`, with totalResults agreeing. */
function findsExactly(exchange: Exchange, id: string): boolean {
  const resources = property(exchange.json, 'Resources');
  return (
    exchange.status === 200 &&
    property(exchange.json, 'totalResults') === 1 &&
    Array.isArray(resources) &&
    resources.length === 1 &&
    property(resources[0], 'id') === id
  );
}

function describeList(exchange: Exchange): string {
  const resources = property(exchange.json, 'Resources');
  if (exchange.status !== 200 || !Array.isArray(resources)) return `status ${exchange.status ?? exchange.error}`;
  const ids = resources.slice(0, 5).map((r: unknown) => property(r, 'id'));
  return `totalResults ${JSON.stringify(property(exchange.json, 'totalResults'))}, ids ${JSON.stringify(ids)}`;
}

const otherChecks = [
  defineCheck<AttributeMapping>({
    id: 'users.directory-data.plus-address',
    title: 'A plus-addressed mail (user+tag@domain) reads back exactly as sent',
    feature: 'directory data',
    level: 'SHOULD',
    evidence: ['entra.values-as-sent', 'entra.plus-addressed-mail'],
    mutates: true,
    fix: 'Keep the whole address, "+tag" included: do not strip, normalise or reject sub-addresses; they are different mailboxes to the sender.',
    // The first mapped mail that is not matching (Entra's own mail property first).
    variants: (profile) => {
      const mails = carriers(profile, 'plus-address');
      const mail = mails.find((a) => a.source === 'mail') ?? mails[0];
      return mail ? [{ key: 'mail', title: mail.path, value: mail }] : [];
    },
    async run(ctx, attribute) {
      const refused = 'Accept "+" in the local part of an e-mail address (RFC 5322 allows it).';
      const { sent, created, read, resource } = await createAndRead(ctx, [attribute], 'plus-address', 'a plus-addressed mail', refused);
      const wrong = mismatches(resource, sent, [attribute]);
      if (wrong.length)
        ctx.fail({
          expected: `${attribute.path} returned exactly as sent`,
          got: describeMismatches(wrong),
          cause: created,
          exchange: read,
        });
    },
  }),
  defineCheck<AttributeMapping>({
    id: 'users.directory-data.filter-escaped-quote',
    title: 'A filter on a displayName holding a double quote (escaped as \\") and an apostrophe finds exactly that user',
    feature: 'directory data',
    level: 'SHOULD', // Entra itself never filters on such a value (not a matching attribute); other clients do.
    evidence: ['rfc7644.3.4.2.2.json-string'],
    requires: ['filter'],
    mutates: true,
    fix: 'Read a filter value as a JSON string (RFC 7644 §3.4.2.2): \\" stands for a double quote and \\\\ for a backslash; an apostrophe needs no escape.',
    variants: (profile) => carriers(profile, 'quoted').map((a) => ({ key: pathKey(a.path), title: a.path, value: a })),
    async run(ctx, attribute) {
      const draft = ctx.fixtures.draftUser();
      const value = ctx.values.directoryValue(attribute, draft.seed, 0, 'quoted')!;
      setPath(draft.body, attribute.path, value);
      const { exchange, id } = await ctx.fixtures.postUser(draft.body, { setup: true });
      if (!id) {
        const expected = `the user with ${attribute.path} ${JSON.stringify(value)} to be created`;
        return ctx.precondition({ expected, got: `status ${exchange.status ?? exchange.error}`, exchange });
      }
      // A second user with a plain displayName: a server ignoring the filter cannot pass, and it tells a server that
      // does not filter on this attribute at all from one that misreads the escape.
      const plain = await ctx.require.user();
      const plainValue = String(plain.draft.values.get(attribute.path));
      const found = await ctx.client.get('/Users', { filter: eqFilter(attribute.path, value) });
      if (findsExactly(found, id)) return;
      const control = await ctx.client.get('/Users', { filter: eqFilter(attribute.path, plainValue) });
      if (!findsExactly(control, plain.id)) {
        return ctx.precondition({
          expected: `a filter ${attribute.path} eq "<plain value>" to find exactly that user, so that the escape can be judged`,
          got: describeList(control),
          cause: found,
          exchange: control,
          fix: `Support filter=${attribute.path} eq "<value>" on users, answered with a ListResponse of exactly the users that match.`,
        });
      }
      ctx.fail({
        expected: `exactly the user ${id} whose ${attribute.path} is ${JSON.stringify(value)}`,
        got: describeList(found),
        exchange: found,
      });
    },
  }),
];

export default [...createChecks, ...otherChecks];
