/**
 * Slack notices from `npm run envs -- sync`: when sync finishes an environment stack, say so: ready
 * with its URLs and how long it took, removed, not applied because another update held it, or
 * failed with where to look (the CI run when sync runs in GitHub Actions, and the stack's log file).
 * Unchanged stacks say nothing.
 */
import { join } from "node:path";
import { parseEnvironmentStackName } from "../lib/naming";
import type { EnvironmentSettings } from "../stacks/environment-settings";
import type { Registry } from "../stacks/resolve-registry";
import type { SyncAction } from "../tools/envs/actions";
import type { SyncResult } from "../tools/envs/run";
import { syncMessage, type SlackWebhook } from "./slack";
import { environmentRows } from "./views";

/** What the notifier needs. */
export interface SyncNotifierOptions {
  readonly registry: Registry;
  readonly settings: Pick<EnvironmentSettings, "domain" | "hostPattern">;
  readonly today: string;
  readonly webhook: SlackWebhook;
  /** The folder sync writes `<stack>.log` into. */
  readonly logs: string;
  /** GITHUB_SERVER_URL, GITHUB_REPOSITORY, GITHUB_RUN_ID (set in GitHub Actions). */
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Where a notice that could not be delivered is reported. */
  readonly warn: (text: string) => void;
}

/** The CI run's page, when running in GitHub Actions. */
export function ciRunUrl(env: Readonly<Record<string, string | undefined>>): string | undefined {
  const { GITHUB_SERVER_URL: server, GITHUB_REPOSITORY: repository, GITHUB_RUN_ID: run } = env;
  return server && repository && run
    ? `${server.replace(/\/+$/, "")}/${repository}/actions/runs/${run}`
    : undefined;
}

/** A `syncCommand` `onResult` that posts each finished stack to Slack; it never rejects. */
export function syncNotifier(
  options: SyncNotifierOptions,
): (result: SyncResult, action: SyncAction) => Promise<void> {
  const rows = new Map(
    environmentRows(options.registry, options.settings, options.today).map((r) => [r.name, r]),
  );
  const runUrl = ciRunUrl(options.env);
  return async (result) => {
    if (result.status === "unchanged" || result.kind === "unchanged") return;
    const parsed = parseEnvironmentStackName(result.stack);
    const environment = parsed?.environment ?? result.stack;
    const row = rows.get(environment);
    const outcome = await options.webhook.send(
      syncMessage({
        tier: parsed?.tier ?? options.registry.tier,
        environment,
        kind: result.kind,
        status: result.status,
        seconds: result.seconds,
        ...(result.error ? { error: result.error } : {}),
        ...(row && result.kind !== "delete" ? { urls: { ...row.urls } } : {}),
        ...(runUrl ? { runUrl } : {}),
        ...(result.status === "ok" ? {} : { logFile: join(options.logs, `${result.stack}.log`) }),
      }),
    );
    if (!outcome.ok)
      options.warn(`warning: slack: the notice for ${result.stack} was not delivered (${outcome.error})`);
  };
}
