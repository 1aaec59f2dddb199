/**
 * Telling people about a change (Slack). The launcher's Slack module (`launcher/slack.ts`, built
 * separately) plugs in through {@link Notifier}; the web server calls it after a change is
 * committed (and published, where there is a remote). A notifier's failure never undoes or fails
 * the change: the commit is what counts, the message is a courtesy.
 */
import type { RegistryChange } from "../operations";
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
