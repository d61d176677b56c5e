// scim-conformance cleanup: list what crashed runs left behind (by the run prefix only); delete it with --yes.
import { resolve } from 'node:path';
import { Command, Option } from 'commander';
import { Redactor } from '../http/redactor.ts';
import type { ConsoleOutput } from '../report/console.ts';
import { describeLeftover } from '../cleanup/sweep.ts';
import { type CliFlags, ConfigError, readEnvironment, resolveConfig } from './config.ts';
import { RUN_PREFIX } from '../cleanup/ledger.ts';
import { liveRuns } from '../cleanup/live-runs.ts';
import { removalOutcome } from '../cleanup/removal.ts';
import { addAuthOptions, addNetworkOptions, addTargetOptions } from './target.ts';

export function cleanupCommand(output: ConsoleOutput, secretsOf: (auth: ReturnType<typeof resolveConfig>['auth']) => string[]): Command {
  const cmd = new Command('cleanup').description(
    'find resources that earlier runs left behind (names starting scimc-<run id>-), list them, and delete them with --yes',
  );
  addNetworkOptions(addAuthOptions(addTargetOptions(cmd, false)));
  return cmd
    .optionsGroup('Cleanup:')
    .addOption(new Option('--yes', 'delete what was found (without it, only list)'))
    .addOption(new Option('--force', 'with --yes: delete also what belongs to a run still in progress on this machine'))
    .action(async (flags: CliFlags & { yes?: boolean; force?: boolean }) => {
      readEnvironment();
      const config = resolveConfig(flags, process.env);
      if (!config.baseUrl) throw new ConfigError('SCIM_BASE_URL / --base-url: cleanup needs the Tenant URL of the endpoint to clean up');
      const { ScimClient } = await import('../http/client.ts');
      const { findLeftovers } = await import('../cleanup/leftover-search.ts');
      const client = new ScimClient({
        baseUrl: config.baseUrl,
        auth: config.auth,
        timeoutMs: config.timeoutMs,
        redactor: new Redactor(secretsOf(config.auth)),
        tls: config.tls,
      });
      try {
        await client.authenticate();
        const { found, problems } = await findLeftovers(client);
        for (const problem of problems) output.line(`cleanup: ${problem}`);
        if (!found.length) {
          output.line('Nothing left behind by earlier runs.');
          return;
        }
        // A run still in progress on this machine owns its resources and removes them itself.
        const live = liveRuns();
        const runOf = (name: string | undefined) =>
          RUN_PREFIX.exec(name ?? '')?.[0]
            ?.slice(6, 14)
            .toLowerCase();
        const inUse = flags.force ? [] : found.filter((l) => live.has(runOf(l.name) ?? ''));
        const free = found.filter((l) => !inUse.includes(l));
        output.line(`${found.length} resource(s) left behind by earlier runs:`);
        for (const leftover of found)
          output.line(
            `  ${describeLeftover(leftover)}${inUse.includes(leftover) ? ` (run ${runOf(leftover.name)} is still in progress here: left alone)` : ''}`,
          );
        if (!flags.yes) {
          output.line('Nothing was deleted. Run again with --yes to delete them.');
          return;
        }
        if (inUse.length)
          output.line(
            `${inUse.length} belong to a run still in progress (pid ${[...new Set(inUse.map((l) => live.get(runOf(l.name)!)!.pid))].join(', ')}); they are left alone (--force deletes them too).`,
          );
        let failed = 0;
        for (const leftover of free) {
          const outcome = removalOutcome(await client.delete(`/${leftover.endpoint}/${encodeURIComponent(leftover.id)}`));
          // Found a moment ago by the list, so a 404 here means another cleanup was faster.
          const ok = outcome.state === 'removed' || outcome.state === 'may-remain';
          if (!ok) failed += 1;
          output.line(
            `  ${ok ? 'deleted' : 'could not delete'} ${describeLeftover(leftover)}${'reason' in outcome && !ok ? `: ${outcome.reason}` : ''}`,
          );
        }
        if (failed) process.exitCode = 1;
      } finally {
        await client.close();
      }
    });
}
