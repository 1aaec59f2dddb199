/**
 * An environment's history, from Git: every commit that touched its registry file (creation, each
 * change, its removal; `git log --follow`), with author, date and subject, the server version the
 * file named after the commit, and for each change of `version` a link to the game's commit log
 * between the two versions (the tier's `compareUrl` in `environments/<tier>/defaults.yaml`, with
 * `{from}` and `{to}`).
 */
import { execFile, spawn } from "node:child_process";
import { promisify } from "node:util";
import { parse } from "yaml";
import { environmentFilePath } from "../stacks/registry";

const run = promisify(execFile);

/** What one commit did to the file. */
export type HistoryChange = "created" | "changed" | "deleted";

/** One commit of an environment's history. */
export interface HistoryEntry {
  readonly commit: string;
  readonly author: { readonly name: string; readonly email: string };
  /** Author date, ISO 8601 with offset. */
  readonly date: string;
  readonly subject: string;
  readonly change: HistoryChange;
  /** The file's `version` after the commit (absent once deleted). */
  readonly version?: string;
  /** Set when the commit changed `version`. */
  readonly versionChange?: {
    readonly from: string;
    readonly to: string;
    /** The game's changes between the two versions, when the tier has a `compareUrl`. */
    readonly compareUrl?: string;
  };
  /** The commit's page, when the repository's web address is known. */
  readonly url?: string;
}

/** Options of {@link environmentHistory}. */
export interface HistoryOptions {
  /** `https://.../compare/{from}...{to}`. */
  readonly compareUrl?: string;
  /** Builds a commit's page address. */
  readonly commitUrl?: (commit: string) => string;
  /** Where to start. @default HEAD */
  readonly ref?: string;
}

/** The history is not readable (not a git repository, a bad ref). */
export class HistoryError extends Error {
  override readonly name = "HistoryError";
}

/** The environment's history, newest first; empty when its file never existed. */
export async function environmentHistory(
  root: string,
  tier: string,
  name: string,
  options: HistoryOptions = {},
): Promise<HistoryEntry[]> {
  const path = environmentFilePath(tier, name);
  const format = "%x1e%H%x1f%an%x1f%ae%x1f%aI%x1f%s";
  let stdout: string;
  try {
    ({ stdout } = await run(
      "git",
      ["log", "--follow", "--name-status", `--format=${format}`, options.ref ?? "HEAD", "--", path],
      { cwd: root, maxBuffer: 64 * 1024 * 1024 },
    ));
  } catch (err) {
    const e = err as { stderr?: string; message: string };
    throw new HistoryError(`git log failed: ${(e.stderr || e.message).trim().split("\n")[0]}`);
  }
  const commits = stdout
    .split("\x1e")
    .filter((record) => record.trim() !== "")
    .map((record) => {
      const [header, ...rest] = record.split("\n");
      const [commit, authorName, email, date, subject] = header!.split("\x1f");
      // The file's status line: "A\tpath", "M\tpath", "D\tpath" or "R100\told\tnew".
      const status = rest.find((line) => /^[ACDMRT]\d*\t/.test(line));
      const fields = status?.split("\t") ?? ["M", path];
      const letter = fields[0]!.charAt(0);
      return {
        commit: commit!,
        author: { name: authorName!, email: email! },
        date: date!,
        subject: subject ?? "",
        letter,
        path: fields[fields.length - 1]!,
      };
    });
  const texts = await readBlobs(
    root,
    commits.map((c) => (c.letter === "D" ? undefined : `${c.commit}:${c.path}`)),
  );

  // Oldest first, so each entry knows the version before it.
  const entries: HistoryEntry[] = [];
  let previous: string | undefined;
  for (let i = commits.length - 1; i >= 0; i--) {
    const c = commits[i]!;
    const version = c.letter === "D" ? undefined : versionOf(texts[i]);
    const change: HistoryChange = c.letter === "D" ? "deleted" : c.letter === "A" ? "created" : "changed";
    const versionChange =
      change === "changed" && previous !== undefined && version !== undefined && version !== previous
        ? {
            from: previous,
            to: version,
            ...(options.compareUrl ? { compareUrl: compareLink(options.compareUrl, previous, version) } : {}),
          }
        : undefined;
    entries.push({
      commit: c.commit,
      author: c.author,
      date: c.date,
      subject: c.subject,
      change,
      ...(version !== undefined ? { version } : {}),
      ...(versionChange ? { versionChange } : {}),
      ...(options.commitUrl ? { url: options.commitUrl(c.commit) } : {}),
    });
    previous = version;
  }
  return entries.reverse();
}

/** The compare page between two versions: `{from}` and `{to}` replaced, each URL-encoded. */
export function compareLink(template: string, from: string, to: string): string {
  return template.replaceAll("{from}", encodeURIComponent(from)).replaceAll("{to}", encodeURIComponent(to));
}

function versionOf(text: string | undefined): string | undefined {
  if (text === undefined) return undefined;
  try {
    const value = parse(text) as { version?: unknown } | null;
    return typeof value?.version === "string" ? value.version : undefined;
  } catch {
    return undefined;
  }
}

/** The text of each `<commit>:<path>` (undefined entries and missing objects give undefined), in one git process. */
function readBlobs(root: string, specs: readonly (string | undefined)[]): Promise<(string | undefined)[]> {
  const wanted = specs.filter((s): s is string => s !== undefined);
  if (wanted.length === 0) return Promise.resolve(specs.map(() => undefined));
  return new Promise((resolve, reject) => {
    const child = spawn("git", ["cat-file", "--batch"], { cwd: root, stdio: ["pipe", "pipe", "pipe"] });
    const chunks: Buffer[] = [];
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => chunks.push(d));
    child.stderr.setEncoding("utf8").on("data", (d: string) => (stderr += d));
    child.on("error", reject);
    child.on("close", (code) => {
      if (code !== 0) {
        reject(new HistoryError(`git cat-file failed: ${stderr.trim().split("\n")[0]}`));
        return;
      }
      const out = Buffer.concat(chunks);
      const found: (string | undefined)[] = [];
      let at = 0;
      for (let i = 0; i < wanted.length; i++) {
        const eol = out.indexOf(0x0a, at);
        const header = out.subarray(at, eol).toString("utf8");
        at = eol + 1;
        const size = /^[0-9a-f]+ blob (\d+)$/.exec(header);
        if (!size) {
          found.push(undefined); // "<spec> missing" or not a blob
          continue;
        }
        const length = Number(size[1]);
        found.push(out.subarray(at, at + length).toString("utf8"));
        at += length + 1; // the content is followed by a newline
      }
      let next = 0;
      resolve(specs.map((s) => (s === undefined ? undefined : found[next++])));
    });
    child.stdin.end(`${wanted.join("\n")}\n`);
  });
}
