// What the gallery and Okta readiness pages share: an identity provider's own tests, each item sorted by its status
// in this run, and the one line both the page and the console open with.

/** A provider's verdict on this run: items that would fail, that passed, that do not apply, and that it cannot say. */
export interface ReadinessVerdict {
  wouldFail: string[];
  passed: string[];
  /** Nothing to test here (not provisioned by the profile, not offered by the target): not counted either way. */
  notApplicable: string[];
  /** Not run, skipped or unanswered: the run cannot say, so these are neither passed nor failed. */
  notJudged: string[];
}

/** Sorts each item by its status; any status but would fail, passed and not applicable counts as not judged. */
export function sortItems(items: readonly string[], statusOf: (item: string) => string): ReadinessVerdict {
  const verdict: ReadinessVerdict = { wouldFail: [], passed: [], notApplicable: [], notJudged: [] };
  for (const item of items) {
    const status = statusOf(item);
    const list =
      { 'would fail': verdict.wouldFail, passed: verdict.passed, 'not applicable': verdict.notApplicable }[status] ?? verdict.notJudged;
    list.push(item);
  }
  return verdict;
}

/** "<tests>: N of M items would fail…": M counts only the items this run judged; `apart` names the inapplicable ones. */
export function verdictLine(tests: string, verdict: ReadinessVerdict, apart: string): string {
  const judged = verdict.wouldFail.length + verdict.passed.length;
  const open = verdict.notJudged.length;
  const rest = open
    ? `; ${open} more not judged in this run (not run, skipped or unanswered), which counts as neither passed nor failed`
    : '';
  const aside = verdict.notApplicable.length ? `; ${verdict.notApplicable.length} ${apart}` : '';
  return `${tests}: ${verdict.wouldFail.length} of ${judged} ${judged === 1 ? 'item' : 'items'} would fail${rest}${aside}.`;
}
