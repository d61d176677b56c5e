// --list: the checks a run would execute, with level and the evidence behind each (one line per fact).
import { factLine } from '../kit/evidence.ts';
import type { ConsoleOutput } from '../report/console.ts';
import type { Selected } from '../runner/selection.ts';

export function listChecks(selected: Selected[], output: ConsoleOutput): void {
  for (const { check, skipReason, notJudged } of selected) {
    output.line(`${check.level.padEnd(6)} ${check.id}`);
    output.line(`       ${check.title}`);
    for (const fact of check.evidence) output.line(`       ${factLine(fact)}`);
    if (check.covers.length) output.line(`       covers: ${check.covers.join('; ')}`);
    if (check.clients.length !== 1 || check.clients[0] !== 'entra') output.line(`       clients: ${check.clients.join(', ')}`);
    if (check.standard) output.line(`       standard: ${check.standard}`);
    if (skipReason) output.line(`       skipped: ${skipReason}`);
    if (notJudged) output.line(`       not judged: ${notJudged}`);
  }
  output.line(`${selected.length} checks`);
}
