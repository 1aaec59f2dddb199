/**
 * The repository on GitHub: its owner and name from the `origin` remote's URL, links to a commit and
 * to a branch's compare page, and opening a pull request through the REST API
 * (`POST /repos/{owner}/{repo}/pulls`; the request body's fields are in upstream/github/).
 */

/** A repository on a GitHub host. */
export interface GitHubRepo {
  /** `github.com`, or a GitHub Enterprise host. */
  readonly host: string;
  readonly owner: string;
  readonly name: string;
}

/**
 * The repository a remote URL names, for the URL forms git accepts for a GitHub host
 * (`https://github.com/o/r.git`, `git@github.com:o/r.git`, `ssh://git@github.com/o/r`); `undefined`
 * for anything else (a local path, a URL without owner and name).
 */
export function parseRemoteUrl(url: string): GitHubRepo | undefined {
  const trimmed = url.trim();
  const scp = /^[\w.-]+@([\w.-]+):\/?([\w.-]+)\/([\w.-]+?)(?:\.git)?\/?$/.exec(trimmed);
  if (scp) return { host: scp[1]!.toLowerCase(), owner: scp[2]!, name: scp[3]! };
  let parsed: URL;
  try {
    parsed = new URL(trimmed);
  } catch {
    return undefined;
  }
  if (!["https:", "http:", "ssh:", "git:"].includes(parsed.protocol) || !parsed.hostname) return undefined;
  const parts = parsed.pathname.replace(/\/+$/, "").split("/").filter(Boolean);
  if (parts.length !== 2) return undefined;
  const name = parts[1]!.replace(/\.git$/, "");
  if (!/^[\w.-]+$/.test(parts[0]!) || !/^[\w.-]+$/.test(name)) return undefined;
  return { host: parsed.hostname.toLowerCase(), owner: parts[0]!, name };
}

/** The repository's web address. */
export function repoWebUrl(repo: GitHubRepo): string {
  return `https://${repo.host}/${repo.owner}/${repo.name}`;
}

/** A commit's page. */
export function commitWebUrl(repo: GitHubRepo, commit: string): string {
  return `${repoWebUrl(repo)}/commit/${commit}`;
}

/** The page that offers to open a pull request from `branch` into `base`. */
export function compareWebUrl(repo: GitHubRepo, base: string, branch: string): string {
  return `${repoWebUrl(repo)}/compare/${encodeURIComponent(base)}...${branch.split("/").map(encodeURIComponent).join("/")}?expand=1`;
}

/** The REST API version the requests are written against. */
export const GITHUB_API_VERSION = "2022-11-28";

/** What opening a pull request takes. */
export interface PullRequestRequest {
  readonly repo: GitHubRepo;
  /** The branch with the change. */
  readonly head: string;
  /** The branch it goes into. */
  readonly base: string;
  readonly title: string;
  readonly body: string;
  readonly token: string;
  /** @default https://api.github.com */
  readonly apiUrl?: string;
  /** @default globalThis.fetch */
  readonly fetch?: typeof fetch;
  /** @default 15000 */
  readonly timeoutMs?: number;
}

/** An opened pull request. */
export interface PullRequest {
  readonly number: number;
  readonly url: string;
}

/** The API refused or could not be reached; `message` never contains the token. */
export class GitHubError extends Error {
  override readonly name = "GitHubError";
  constructor(
    message: string,
    readonly status?: number,
  ) {
    super(message);
  }
}

/** Opens a pull request; throws {@link GitHubError} with GitHub's reason. */
export async function openPullRequest(request: PullRequestRequest): Promise<PullRequest> {
  const api = (request.apiUrl ?? "https://api.github.com").replace(/\/+$/, "");
  const url = `${api}/repos/${encodeURIComponent(request.repo.owner)}/${encodeURIComponent(request.repo.name)}/pulls`;
  let response: Response;
  try {
    response = await (request.fetch ?? globalThis.fetch)(url, {
      method: "POST",
      headers: {
        accept: "application/vnd.github+json",
        authorization: `Bearer ${request.token}`,
        "content-type": "application/json",
        "user-agent": "game-infra-launcher",
        "x-github-api-version": GITHUB_API_VERSION,
      },
      body: JSON.stringify({
        title: request.title,
        head: request.head,
        base: request.base,
        body: request.body,
      }),
      signal: AbortSignal.timeout(request.timeoutMs ?? 15_000),
    });
  } catch (err) {
    const e = err as { name?: string; cause?: { code?: string } };
    throw new GitHubError(`could not reach ${api} (${e.cause?.code ?? e.name ?? "network error"})`);
  }
  const text = await response.text();
  let json: { html_url?: unknown; number?: unknown; message?: unknown; errors?: unknown } = {};
  try {
    json = JSON.parse(text) as typeof json;
  } catch {
    // An answer that is not JSON is reported by its status below.
  }
  if (response.status !== 201 || typeof json.html_url !== "string" || typeof json.number !== "number") {
    const reason = typeof json.message === "string" ? json.message : text.slice(0, 200);
    const details = Array.isArray(json.errors)
      ? json.errors
          .map((e: { message?: unknown; code?: unknown }) =>
            typeof e?.message === "string" ? e.message : e?.code,
          )
          .filter(Boolean)
          .join("; ")
      : "";
    throw new GitHubError(
      `GitHub answered HTTP ${response.status}: ${reason}${details ? ` (${details})` : ""}`,
      response.status,
    );
  }
  return { number: json.number, url: json.html_url };
}
