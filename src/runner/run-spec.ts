// What the CLI hands the vitest worker (through vitest's provide/inject) and what each test hands back (task meta).
import type { Profile } from '../generated/index.ts';
import type { Area, Client, Level, Standard } from '../kit/check.ts';
import type { AuthConfig, TlsOptions } from '../http/client.ts';

export interface RunSpec {
  baseUrl: string;
  auth: AuthConfig;
  tls: TlsOptions;
  timeoutMs: number;
  /** Checks run at once, and requests in flight at most (halved while the target throttles). */
  concurrency: number;
  /** Requests per second at most (--rate); undefined: as fast as the target takes. */
  rate?: number;
  /** Where the worker leaves the flow-control figures for the summary. */
  flowStatsPath: string;
  profile: Profile;
  runId: string;
  /** Every resource of the run starts with it. */
  prefix: string;
  /** The password a create sends where the client sends one (Okta's); among `secrets`, so no report shows it. */
  throwawayPassword: string;
  only: string[];
  strict: boolean;
  /** --gallery: every gallery item gates the exit code (see exitCodeFor). */
  gallery?: boolean;
  /** Whose requests the checks send: a check runs when it is for one of these clients. */
  clients: Client[];
  /** Standards asked for: their checks run only then. */
  standards: Standard[];
  readOnly: boolean;
  /** Strings that must never reach a report (tokens, passwords). */
  secrets: string[];
  /** The ledger of resources the run creates and removes (see src/cleanup/ledger.ts). */
  ledgerPath: string;
  /** A file that appears when the run is interrupted: the worker starts no check once it exists. */
  stopPath: string;
  /** How to describe the target in reports (no credentials). */
  targetLabel: string;
}

/** not-judged: the outcome rests on an exchange the target never answered; never counted as failed. */
export type CheckStatus = 'passed' | 'failed' | 'warning' | 'skipped' | 'not-judged';

export interface CheckMeta {
  id: string;
  title: string;
  level: Level;
  /** Where the check belongs: junit.xml's test suite and class name. */
  area?: Area;
  feature?: string;
  covers: string[];
  fix: string;
  clients?: Client[];
  standard?: Standard;
  dialect?: string;
  skipReason?: string;
  cleanupProblems?: string[];
  precondition?: boolean;
  /** Why the check could not be judged (no answer after retries, throttled past its budget, target gone). */
  notJudged?: string;
}

declare module 'vitest' {
  interface ProvidedContext {
    scimRun: RunSpec;
  }
}

declare module '@vitest/runner' {
  interface TaskMeta {
    scim?: CheckMeta;
  }
}
