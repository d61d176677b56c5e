// scim-conformance cleanup: list what crashed runs left behind (by the run prefix only); delete it with --yes.
import { resolve } from 'node:path';
import { Command, Option } from 'commander';
import { config as loadDotenv } from 'dotenv';
import { Redactor } from '../harness/redactor.ts';
import type { ConsoleOutput } from '../report/console.ts';
import { describeLeftover } from '../cleanup/sweep.ts';
import { type CliFlags, ConfigError, resolveConfig } from './config.ts';
import { addAuthOptions, addNetworkOptions, addTargetOptions } from './target.ts';

export function cleanupCommand(output: ConsoleOutput, secretsOf: (auth: ReturnType<typeof resolveConfig>['auth']) => string[]): Command {
  const cmd = new Command('cleanup').description('find resources that earlier runs left behind (names starting scimc-<run id>-), list them, and delete them with --yes');
  addNetworkOptions(addAuthOptions(addTargetOptions(cmd, false)));
  return cmd
    .optionsGroup('Cleanup:')
    .addOption(new Option('--yes', 'delete what was found (without it, only list)'))
    .action(async (flags: CliFlags & { yes?: boolean }) => {
      loadDotenv({ path: resolve(process.cwd(), '.env'), quiet: true });
      const config = resolveConfig(flags, process.env);
      if (!config.baseUrl) throw new ConfigError('SCIM_BASE_URL / --base-url: cleanup needs the Tenant URL of the endpoint to clean up');
      const { ScimClient } = await import('../harness/client.ts');
      const { findLeftovers } = await import('../cleanup/leftover-search.ts');
      const client = new ScimClient({ baseUrl: config.baseUrl, auth: config.auth, timeoutMs: config.timeoutMs, redactor: new Redactor(secretsOf(config.auth)), tls: config.tls });
      try {
        await client.authenticate();
        const { found, problems } = await findLeftovers(client);
        for (const problem of problems) output.line(`cleanup: ${problem}`);
        if (!found.length) {
          output.line('Nothing left behind by earlier runs.');
          return;
        }
        output.line(`${found.length} resource(s) left behind by earlier runs:`);
        for (const leftover of found) output.line(`  ${describeLeftover(leftover)}`);
        if (!flags.yes) {
          output.line('Nothing was deleted. Run again with --yes to delete them.');
          return;
        }
        let failed = 0;
        for (const leftover of found) {
          const exchange = await client.delete(`/${leftover.endpoint}/${encodeURIComponent(leftover.id)}`);
          const ok = exchange.status === 204 || exchange.status === 200 || exchange.status === 404;
          if (!ok) failed += 1;
          output.line(`  ${ok ? 'deleted' : 'could not delete'} ${describeLeftover(leftover)}${ok ? '' : `: ${exchange.error ?? `status ${exchange.status}`}`}`);
        }
        if (failed) process.exitCode = 1;
      } finally {
        await client.close();
      }
    });
}
