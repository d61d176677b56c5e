// Allure labels, links and one step per exchange (request and response attached together, credentials already redacted).
import * as allure from 'allure-js-commons';
import { BaseMessageTestRuntime, getGlobalTestRuntime } from 'allure-js-commons/sdk/runtime';
import type { PlannedCheck } from '../kit/check.ts';
import { factLine, factSource, factUrl } from '../kit/evidence.ts';
import type { Exchange } from '../http/client.ts';
import type { ReportHooks } from '../kit/context.ts';

const SEVERITY = { MUST: allure.Severity.CRITICAL, SHOULD: allure.Severity.NORMAL, MAY: allure.Severity.MINOR } as const;
/** The check whose failure stops Entra outright (the connection is never saved): a blocker, above every other MUST. */
const BLOCKER = 'connection.test-connection';
/**
 * Names the step of the exchange a failure points to; the Allure writer (src/report/allure-writer.ts) marks that
 * step failed and drops this one.
 */
export const FAILED_EXCHANGE_MARK = 'scim-conformance failed at: ';

/**
 * Everything Allure shows of a check but its steps, in one runtime message (each travels through vitest), with ids
 * that stay the same across versions and install folders: Allure's default ones hash the worker file's path.
 * History follows a check per profile.
 */
export async function labelCheck(check: PlannedCheck, profileName: string): Promise<void> {
  const tags = [`profile:${profileName}`, `level:${check.level}`, ...(check.dialect ? [`dialect:${check.dialect}`] : [])];
  const labels = [
    { name: allure.LabelName.EPIC, value: check.area },
    { name: allure.LabelName.FEATURE, value: check.feature },
    { name: allure.LabelName.STORY, value: check.id },
    { name: allure.LabelName.SEVERITY, value: check.id === BLOCKER ? allure.Severity.BLOCKER : SEVERITY[check.level] },
    ...tags.map((value) => ({ name: allure.LabelName.TAG, value })),
    { name: 'checkId', value: check.id },
  ];
  // One link per fact with a page; two facts on one page (two rules of RFC 7644 §3.6, say) make one link.
  const links = [
    ...new Map(
      check.evidence.flatMap((fact) => {
        const url = factUrl(fact);
        if (!url) return [];
        // A report's link names its site: "field reports" alone would not say where it goes.
        const where = fact.mark === 'S' || fact.mark === 'U' ? ` (${new URL(url).hostname})` : '';
        return [[url, { url, name: `[${fact.mark}] ${factSource(fact)}${where}`, type: 'spec' }] as const];
      }),
    ).values(),
  ];
  const requirement = check.evidence.map((fact) => `- ${factLine(fact)}`).join('\n');
  const description = `**${check.level}** · \`${check.id}\`\n\n${check.title}.\n\nEvidence (R = RFC, C = Microsoft docs, S = field reports, U = unconfirmed):\n${requirement}\n\nIf it fails: ${check.fix}`;
  const ids = { testCaseId: `scim-conformance:${check.id}`, historyId: `scim-conformance:${profileName}:${check.id}` };
  const runtime = getGlobalTestRuntime();
  if (runtime instanceof BaseMessageTestRuntime) {
    await runtime.sendMessage({ type: 'metadata', data: { labels, links, description, ...ids } });
    return;
  }
  // Another runtime (none of this suite's runs): the same metadata through the public calls.
  await allure.labels(...labels);
  if (links.length) await allure.links(...links);
  await allure.description(description);
  await allure.testCaseId(ids.testCaseId);
  await allure.historyId(ids.historyId);
}

function requestText(exchange: Exchange): string {
  const headers = Object.entries(exchange.requestHeaders)
    .map(([k, v]) => `${k}: ${v}`)
    .join('\n');
  return `${exchange.method} ${exchange.url}\n${headers}\n\n${pretty(exchange.requestBody ?? '')}`;
}

function responseText(exchange: Exchange): string {
  if (exchange.error) return `No response: ${exchange.error}`;
  const headers = Object.entries(exchange.responseHeaders)
    .map(([k, v]) => `${k}: ${v}`)
    .join('\n');
  // The client has parsed the body already (its JSON is redacted text parsed back); no second parse here.
  const body = exchange.json !== undefined ? JSON.stringify(exchange.json, null, 2) : exchange.responseText;
  return `HTTP ${exchange.status} (${exchange.durationMs} ms)\n${headers}\n\n${body}`;
}

function pretty(text: string): string {
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return text;
  }
}

function exchangeTitle(exchange: Exchange): string {
  const path = (() => {
    try {
      const url = new URL(exchange.url);
      return decodeURIComponent(`${url.pathname}${url.search}`);
    } catch {
      return exchange.url;
    }
  })();
  const retried = exchange.throttled?.length
    ? ` after ${exchange.throttled.map((t) => t.status).join(', ')} and ${exchange.throttled.length === 1 ? 'a retry' : `${exchange.throttled.length} retries`}`
    : '';
  return `${exchange.method} ${path} → ${exchange.error ? 'no response' : exchange.status}${retried}`;
}

/** The exchange a failure points to (its `exchange`), for the writer to mark its step failed. */
export async function markFailedExchange(exchange: Exchange): Promise<void> {
  await allure.logStep(`${FAILED_EXCHANGE_MARK}${exchangeTitle(exchange)}`);
}

export const allureHooks: ReportHooks = {
  async exchange(exchange) {
    // One attachment per exchange, the request above the response: half the files and runtime messages of two,
    // which the run pays for in every one of its ~350 exchanges.
    await allure.step(exchangeTitle(exchange), async () => {
      await allure.attachment(
        'request and response',
        `${requestText(exchange)}\n\n──── response ────\n${responseText(exchange)}`,
        allure.ContentType.TEXT,
      );
    });
  },
  step: (title, body) => Promise.resolve(allure.step(title, () => body())),
  async note(text) {
    await allure.logStep(text);
  },
};
