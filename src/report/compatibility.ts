// Where the interoperability profile, Entra and Okta pull a server in different directions, what this server did
// with each side's requests, and whom that breaks. Read off the run's own outcomes: a rule's row is only as complete
// as the clients and the standard the run was for (--client both --standard interop fills every cell).
import { idMatcher } from '../runner/registry.ts';
import type { CheckOutcome, Summary } from './summary.ts';

/** What a server did with one side's form of a rule. */
export type Behaviour = 'accepts' | 'rejects' | 'mishandles' | 'not tested';
/** Whether the server holds the profile's rule. */
export type Enforcement = 'enforced' | 'not enforced' | 'not checked';

interface Side {
  /** What this client sends, in a few words. */
  sends: string;
  /** The checks that send exactly that (globs on check ids); none: this client does not send the contested form. */
  checks: string[];
  /** Who is hurt when the server does not take it, said the way a vendor's support ticket would say it. */
  harm: string;
}

export interface Rule {
  id: string;
  title: string;
  /** The profile's rule, where it has one, and the checks that hold a server to it. */
  profile?: { section: string; checks: string[] };
  entra?: Side;
  okta?: Side;
}

export const RULES: readonly Rule[] = [
  {
    id: 'pathless-patch',
    title: 'PATCH operations without a path',
    profile: { section: '§6.5.1.1: every operation has a path; a path-less one is 400', checks: ['interop.6.5.1.1.path-required'] },
    entra: {
      sends: 'one path-less replace with simple, dotted and URN keys (aadOptscim062020)',
      checks: ['users.patch.*.aadOptscim062020', 'groups.patch.*.aadOptscim062020'],
      harm: "Entra's aadOptscim062020 updates",
    },
    okta: {
      sends: 'a path-less replace of active to deactivate and reactivate, and of displayName (with id) to rename a group',
      checks: ['users.okta-deactivate.deactivate', 'users.okta-deactivate.reactivate', 'groups.okta-push.rename'],
      harm: "Okta's deactivation (the leaver stays active) and group renames",
    },
  },
  {
    id: 'undefined-attributes',
    title: 'Attributes and schema URIs the server does not define',
    profile: { section: '§5.3: a POST or PATCH carrying them is 400 invalidSyntax', checks: ['interop.5.3.*'] },
    entra: {
      sends: "Microsoft's ADSCIM schema URI on every group create, and default attributes a server may not store",
      checks: ['groups.create.created', 'users.create.created'],
      harm: "Entra's user and group creates",
    },
    okta: {
      sends: 'password, groups: [] and locale on every user create',
      checks: ['users.okta-create.created'],
      harm: "Okta's user creates",
    },
  },
  {
    id: 'request-content-type',
    title: 'Requests without Content-Type application/scim+json',
    profile: { section: '§6.2: SCIM data travels as application/scim+json (on requests, a duty of the client)', checks: [] },
    entra: { sends: 'application/scim+json, as far as reported (unconfirmed)', checks: [], harm: "Entra's requests" },
    okta: {
      sends: 'request bodies that may carry no Content-Type header',
      checks: ['users.okta-deactivate.without-content-type'],
      harm: "Okta's updates and deactivations (refused with 415)",
    },
  },
  {
    id: 'string-booleans',
    title: 'Booleans sent as strings',
    entra: {
      sends: 'active as "False" and "True" in its default dialect',
      checks: ['users.soft-delete.disable.default-string'],
      harm: "Entra's disable of a leaver (default dialect)",
    },
  },
  {
    id: 'capitalised-ops',
    title: 'PATCH op names in capitals',
    entra: {
      sends: '"Add", "Replace", "Remove" in its default dialect',
      checks: ['users.patch.*.default', 'groups.patch.*.default'],
      harm: "Entra's default-dialect updates",
    },
  },
  {
    id: 'member-removal',
    title: 'Removing group members',
    entra: {
      sends: 'remove on path members with a value list (default dialect), or members[value eq "<id>"]',
      checks: ['groups.members.remove.*'],
      harm: "Entra's member removals (a server reading the list remove as 'remove all' empties the group)",
    },
    okta: {
      sends: 'remove on members[value eq "<id>"] mixed with add on members, in one PATCH',
      checks: ['groups.okta-push.members'],
      harm: "Okta's Group Push membership updates",
    },
  },
];

export interface Row {
  rule: string;
  title: string;
  profile?: { section: string; enforcement: Enforcement };
  entra?: { sends: string; behaviour: Behaviour; unchecked?: true };
  okta?: { sends: string; behaviour: Behaviour; unchecked?: true };
  /** Who this server's behaviour breaks, in one sentence; absent when nobody. */
  breaks?: string;
  /** The checks of a client's form that failed: where the request and the answer are. */
  failing?: string[];
}

/** The checks that judged the form: a check that failed on what it needs first (a precondition) did not. */
function outcomesOf(checks: readonly CheckOutcome[], globs: readonly string[]): CheckOutcome[] {
  if (!globs.length) return [];
  const matches = idMatcher([...globs]);
  return checks.filter((c) => matches(c.id) && c.status !== 'skipped' && c.status !== 'not-judged' && !c.precondition);
}

/** A failure whose answer was a 4xx refused the request; any other failure took it and got it wrong. */
function behaviour(checks: readonly CheckOutcome[], globs: readonly string[]): Behaviour {
  const ran = outcomesOf(checks, globs);
  if (!ran.length) return 'not tested';
  const failed = ran.filter((c) => c.status === 'failed' || c.status === 'warning');
  if (!failed.length) return 'accepts';
  return failed.some((c) => c.responseStatus !== undefined && c.responseStatus >= 400 && c.responseStatus < 500) ? 'rejects' : 'mishandles';
}

function enforcement(checks: readonly CheckOutcome[], globs: readonly string[]): Enforcement {
  const ran = outcomesOf(checks, globs);
  if (!ran.length) return 'not checked';
  return ran.every((c) => c.status === 'passed') ? 'enforced' : 'not enforced';
}

export function compatibilityRows(summary: Pick<Summary, 'checks'>): Row[] {
  return RULES.map((rule) => {
    const sides = (['entra', 'okta'] as const).flatMap((client) => {
      const side = rule[client];
      return side ? [{ client, side, behaviour: behaviour(summary.checks, side.checks) }] : [];
    });
    const profile = rule.profile && { section: rule.profile.section, enforcement: enforcement(summary.checks, rule.profile.checks) };
    const broken = sides.filter((s) => s.behaviour === 'rejects' || s.behaviour === 'mishandles');
    const hurt = broken.map((s) => s.side.harm);
    const failing = broken.flatMap((s) =>
      outcomesOf(summary.checks, s.side.checks)
        .filter((c) => c.status !== 'passed')
        .map((c) => c.id),
    );
    const breaks = hurt.length
      ? `${profile?.enforcement === 'enforced' ? `enforcing ${profile.section.split(':')[0]} breaks ` : 'this breaks '}${hurt.join(' and ')}`
      : undefined;
    return {
      rule: rule.id,
      title: rule.title,
      ...(profile ? { profile } : {}),
      ...Object.fromEntries(
        sides.map((s) => [s.client, { sends: s.side.sends, behaviour: s.behaviour, ...(s.side.checks.length ? {} : { unchecked: true }) }]),
      ),
      ...(breaks ? { breaks, failing } : {}),
    };
  });
}

const CELL: Record<Behaviour, string> = {
  accepts: 'accepts it',
  rejects: '**rejects it**',
  mishandles: '**accepts it, stores it wrongly**',
  'not tested': 'not tested in this run',
};

/** compatibility.md: the matrix, one row per contested rule. */
export function compatibilityPage(summary: Pick<Summary, 'checks' | 'profile' | 'target'>): string {
  const rows = compatibilityRows(summary);
  const broken = rows.filter((r) => r.breaks);
  const cell = (side: Row['entra']) =>
    side ? `${side.sends}: ${side.unchecked ? 'no check sends this form' : CELL[side.behaviour]}` : 'does not send it';
  return [
    '# Compatibility: where the interoperability profile, Entra and Okta disagree',
    '',
    `Target ${summary.target}, profile ${summary.profile}. ${compatibilityLine(rows)}`,
    '',
    'Each row is a rule a server cannot hold both ways: what each identity provider sends, what this server did with it,',
    "and what the profile (draft-zollner-scim-interop-profile) asks. A cell reads 'not tested' when the run was not for",
    'that client or standard: `--client both --standard interop` fills every cell.',
    '',
    '| Rule | Interop profile | Entra | Okta | Breaks |',
    '| --- | --- | --- | --- | --- |',
    ...rows.map(
      (r) =>
        `| ${r.title} | ${r.profile ? `${r.profile.section}: ${r.profile.enforcement}` : 'no rule'} | ${cell(r.entra)} | ${cell(r.okta)} | ${r.breaks ?? (tested(r) ? 'nobody' : '—')} |`,
    ),
    '',
    ...(broken.length
      ? [
          '## What to change',
          '',
          ...broken.map(
            (r) => `- **${r.title}**: ${r.breaks}. ${advice(r)} Failing: ${(r.failing ?? []).map((id) => `\`${id}\``).join(', ')}.`,
          ),
          '',
        ]
      : []),
  ].join('\n');
}

function advice(row: Row): string {
  if (row.profile?.enforcement === 'enforced') {
    return 'Take the form the identity provider sends as well; a server that serves Entra and Okta cannot enforce this rule of the draft.';
  }
  return 'Take the form the identity provider sends; each failing check (console, summary.json, the HTML report) shows the request and the answer.';
}

function tested(row: Row): boolean {
  return [row.entra, row.okta].some((side) => side !== undefined && side.behaviour !== 'not tested');
}

/** The one line for the console and the page: how many contested rules break a client here. */
export function compatibilityLine(rows: readonly Row[]): string {
  const broken = rows.filter((r) => r.breaks);
  const testedRows = rows.filter(tested);
  return broken.length
    ? `Compatibility: ${broken.length} of ${testedRows.length} contested rules break a client (${broken.map((r) => r.rule).join(', ')}).`
    : `Compatibility: none of the ${testedRows.length} contested rules tested breaks a client.`;
}
