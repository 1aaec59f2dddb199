/**
 * Telling people about a change (Slack, through `launcher/slack.ts`): the web server calls its
 * {@link Notifier} after a change is committed (and published, where there is a remote). A notifier's failure never undoes or fails
 * the change: the commit is what counts, the message is a courtesy.
 */
import type { RegistryChange } from "../operations";
import { operationMessage, type ChangeDestination, type SlackWebhook } from "../slack";
import type { Publication } from "../workspace";

/** Where a change went: published (main or a branch), or only committed in a clone with no remote. */
export type ChangeOutcome = Publication | { readonly kind: "local"; readonly commit: string };

/** Is told about every change the web server made. */
export interface Notifier {
  changed(change: RegistryChange, outcome: ChangeOutcome, actor: string): Promise<void>;
}

/** Tells nobody (the default until a Slack notifier is plugged in). */
export class NoNotifier implements Notifier {
  changed(): Promise<void> {
    return Promise.resolve();
  }
}

/** Posts each change to Slack (`launcher/slack.ts`); a failed post is returned to the caller to show, never thrown. */
export class SlackNotifier implements Notifier {
  constructor(private readonly webhook: SlackWebhook) {}

  async changed(change: RegistryChange, outcome: ChangeOutcome, actor: string): Promise<void> {
    const destination: ChangeDestination =
      outcome.kind === "branch"
        ? { kind: "branch", branch: outcome.branch }
        : outcome.kind === "main"
          ? { kind: "main", commit: outcome.commit }
          : { kind: "commit", commit: outcome.commit };
    const result = await this.webhook.send(
      operationMessage({
        operation: change.operation,
        tier: change.tier,
        environment: change.environment,
        actor,
        summary: change.summary,
        destination,
      }),
    );
    if (!result.ok) throw new Error(`Slack was not told: ${result.error ?? "unknown error"}`);
  }
}
