/**
 * An environment's history for the page. The launcher's own history module (`launcher/history.ts`,
 * built separately) plugs in through {@link HistorySource}; until then {@link GitHistorySource}
 * reads `git log --follow` of the environment's registry file, and links each version change to the
 * tier's compare page (`compareUrl` in `environments/<tier>/defaults.yaml`) when there is one.
 */
import { parse } from "yaml";
import { environmentFilePath } from "../../stacks/registry";
import type { RegistryWorkspace } from "../workspace";

/** One commit that touched an environment's file. */
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

/** History from the launcher's own clone with `git log --follow`. */
export class GitHistorySource implements HistorySource {
  constructor(private readonly workspace: RegistryWorkspace) {}

  async history(tier: string, name: string): Promise<HistoryEntry[]> {
    const path = environmentFilePath(tier, name);
    const sep = "\x1f";
    const out = await this.workspace.git([
      "log",
      "--follow",
      `--max-count=${HISTORY_LIMIT}`,
      `--format=%H${sep}%aI${sep}%an${sep}%ae${sep}%s`,
      "--",
      path,
    ]);
    const commits = out
      .split("\n")
      .filter((line) => line.length > 0)
      .map((line) => {
        const [commit, date, author, authorEmail, subject] = line.split(sep) as [
          string,
          string,
          string,
          string,
          string,
        ];
        return { commit, date, author, authorEmail, subject };
      });
    const compareTemplate = await this.compareTemplate(tier);
    const versions = await Promise.all(commits.map((c) => this.versionAt(c.commit, path)));
    return commits.map((c, i) => {
      const version = versions[i];
      const previous = versions[i + 1];
      const compareUrl =
        compareTemplate && version && previous && version !== previous
          ? compareTemplate
              .replace("{from}", encodeURIComponent(previous))
              .replace("{to}", encodeURIComponent(version))
          : undefined;
      return { ...c, ...(version ? { version } : {}), ...(compareUrl ? { compareUrl } : {}) };
    });
  }

  /** The `version` the file had at a commit; undefined when the commit deleted it. */
  private async versionAt(commit: string, path: string): Promise<string | undefined> {
    try {
      const text = await this.workspace.git(["show", `${commit}:${path}`]);
      const version = (parse(text) as { version?: unknown } | null)?.version;
      return typeof version === "string" ? version : undefined;
    } catch {
      return undefined;
    }
  }

  private async compareTemplate(tier: string): Promise<string | undefined> {
    try {
      const text = await this.workspace.git(["show", `HEAD:environments/${tier}/defaults.yaml`]);
      const url = (parse(text) as { compareUrl?: unknown } | null)?.compareUrl;
      return typeof url === "string" && url.startsWith("https://") ? url : undefined;
    } catch {
      return undefined;
    }
  }
}
