/**
 * An environment's history for the page, from the launcher's one history reader
 * (`launcher/history.ts`, which the CLI's `history` uses too): every commit of the environment's
 * registry file, newest first, with the version after it and, where the version changed, a link to
 * the tier's compare page (`compareUrl` in `environments/<tier>/defaults.yaml`).
 */
import { parse } from "yaml";
import { environmentHistory } from "../history";
import { registryDefaultsSchema } from "../../stacks/registry-schema";
import type { TierName } from "../../stacks/tier";
import type { RegistryWorkspace } from "../workspace";

/** One commit that touched an environment's file, as the page shows it. */
export interface HistoryEntry {
  readonly commit: string;
  /** ISO 8601, the author date. */
  readonly date: string;
  readonly author: string;
  readonly authorEmail: string;
  /** The commit message's first line. */
  readonly subject: string;
  /** The server version the file said after this commit (absent once deleted). */
  readonly version?: string;
  /** The compare page from the previous version to this one, when the version changed. */
  readonly compareUrl?: string;
}

/** Where the page gets an environment's history from. */
export interface HistorySource {
  /** Newest first. */
  history(tier: string, name: string): Promise<HistoryEntry[]>;
}

/** How many commits the page shows. */
export const HISTORY_LIMIT = 100;

/** History from the launcher's own clone. */
export class GitHistorySource implements HistorySource {
  constructor(private readonly workspace: RegistryWorkspace) {}

  async history(tier: string, name: string): Promise<HistoryEntry[]> {
    const compareUrl = this.compareTemplate(tier);
    const entries = await environmentHistory(this.workspace.root, tier, name, {
      ...(compareUrl ? { compareUrl } : {}),
    });
    return entries.slice(0, HISTORY_LIMIT).map((entry) => ({
      commit: entry.commit,
      date: entry.date,
      author: entry.author.name,
      authorEmail: entry.author.email,
      subject: entry.subject,
      ...(entry.version ? { version: entry.version } : {}),
      ...(entry.versionChange?.compareUrl ? { compareUrl: entry.versionChange.compareUrl } : {}),
    }));
  }

  /** The tier's compare page template, from its defaults file in the working tree. */
  private compareTemplate(tier: string): string | undefined {
    const defaults = this.workspace.source(tier as TierName).defaults;
    if (!defaults) return undefined;
    try {
      const parsed = registryDefaultsSchema.safeParse(parse(defaults.text) ?? {});
      return parsed.success ? parsed.data.compareUrl : undefined;
    } catch {
      return undefined;
    }
  }
}
