/**
 * An environment's history for the page. The launcher's own history module (`launcher/history.ts`,
 * built separately) plugs in through {@link HistorySource}; until then {@link GitHistorySource}
 * reads `git log --follow` of the environment's registry file, and links each version change to the
 * tier's compare page (`compareUrl` in `environments/<tier>/defaults.yaml`) when there is one.
 */
import { spawn } from "node:child_process";
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
    // One git process for every commit's copy of the file, not one per commit.
    const texts = await catFiles(
      this.workspace.root,
      commits.map((c) => `${c.commit}:${path}`),
    );
    const versions = texts.map((text) => versionIn(text));
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

/** The `version` a registry file's text says; undefined for no file or no version. */
function versionIn(text: string | undefined): string | undefined {
  if (text === undefined) return undefined;
  try {
    const version = (parse(text) as { version?: unknown } | null)?.version;
    return typeof version === "string" ? version : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The contents of `<commit>:<path>` objects through one `git cat-file --batch`; undefined where the
 * object does not exist (the commit that deleted the file).
 */
export function catFiles(root: string, objects: readonly string[]): Promise<(string | undefined)[]> {
  if (objects.length === 0) return Promise.resolve([]);
  return new Promise((resolve, reject) => {
    const child = spawn("git", ["cat-file", "--batch"], { cwd: root, stdio: ["pipe", "pipe", "pipe"] });
    const chunks: Buffer[] = [];
    let stderr = "";
    child.stdout.on("data", (c: Buffer) => chunks.push(c));
    child.stderr.on("data", (c: Buffer) => (stderr += c.toString()));
    child.on("error", reject);
    child.on("close", (code) => {
      if (code !== 0) return reject(new Error(`git cat-file failed: ${stderr.trim()}`));
      const out = Buffer.concat(chunks);
      const results: (string | undefined)[] = [];
      let at = 0;
      for (let i = 0; i < objects.length; i++) {
        const eol = out.indexOf(0x0a, at);
        const header = out.subarray(at, eol).toString();
        at = eol + 1;
        const match = / blob (\d+)$/.exec(header);
        if (!match) {
          results.push(undefined); // "<object> missing" (or not a blob)
          continue;
        }
        const size = Number(match[1]);
        results.push(out.subarray(at, at + size).toString("utf8"));
        at += size + 1; // the content and its trailing newline
      }
      resolve(results);
    });
    child.stdin.end(objects.map((o) => `${o}\n`).join(""));
  });
}
