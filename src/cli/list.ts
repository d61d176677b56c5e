// --list: the checks a run would execute, with level and the evidence behind each.
import { specLabel } from '../kit/check.ts';
import type { ConsoleOutput } from '../report/console.ts';
import type { Selected } from '../runner/selection.ts';

export function listChecks(selected: Selected[], output: ConsoleOutput): void {
  for (const { check, skipReason } of selected) {
    output.line(`${check.level.padEnd(6)} ${check.id}`);
    output.line(`       ${check.title}`);
    output.line(`       ${check.spec.map(specLabel).join('; ')}`);
    if (check.covers.length) output.line(`       covers: ${check.covers.join('; ')}`);
    if (skipReason) output.line(`       skipped: ${skipReason}`);
  }
  output.line(`${selected.length} checks`);
}
