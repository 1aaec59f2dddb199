/**
 * Getting registry changes from a working tree into the repository the way the tier wants: applied
 * to the working tree, committed one commit per change with the requester as author, and, when
 * asked, published (straight to main after the registry check CI runs, or as a branch with a pull
 * request opened through the GitHub API). Front ends (the CLI, the web page) call these and report
 * the outcome; nothing here prints or exits.
 */
import type { EnvironmentSettings } from "../stacks/environment-settings";
import { tierRegistryPath } from "../stacks/registry";
import type { TierName } from "../stacks/tier";
import { checkRegistry } from "../tools/envs/commands";
import { registrySourceAt } from "../tools/envs/git-registry";
import {
  commitWebUrl,
  compareWebUrl,
  GitHubError,
  openPullRequest,
  parseRemoteUrl,
  type GitHubRepo,
} from "./github";
import type { RegistryChange } from "./operations";
import type { ChangeDestination } from "./slack";
import type { RegistryWorkspace } from "./workspace";

/** The working tree is not in a state to commit or push from; nothing was changed. */
export class PublishRefusedError extends Error {
  override readonly name = "PublishRefusedError";
  constructor(
    /** The option that cannot be honoured (`--commit`, `--push`). */
    readonly option: string,
    message: string,
  ) {
    super(message);
  }
}

/**
 * The change was committed but not (fully) published: `commits` are its commits, kept locally when
 * `local` (not pushed), or already on a pushed branch (the pull request could not be opened).
 */
export class PublishError extends Error {
  override readonly name = "PublishError";
  constructor(
    message: string,
    readonly commits: readonly string[],
    readonly local = true,
  ) {
    super(message);
  }
}

/** How far a change goes. */
export interface PublishMode {
  /** Commit each change (author: the requester). */
  readonly commit: boolean;
  /** Publish the commits as the tier wants (implies commit). */
  readonly push: boolean;
  /** @default origin */
  readonly remote?: string;
}

/**
 * Makes sure the working tree can take a commit and, for a push, that it is the remote's main
 * (fetched and fast-forwarded) with no commits of its own, so that exactly the launcher's change is
 * pushed. Throws {@link PublishRefusedError} before anything changes.
 */
export async function prepareWorkingTree(
  workspace: RegistryWorkspace,
  tier: TierName,
  mode: PublishMode,
): Promise<void> {
  if (!mode.commit && !mode.push) return;
  const option = mode.push ? "--push" : "--commit";
  // Porcelain lines are "XY path": the two status columns may be blank, so nothing is trimmed before.
  const dirty = (await workspace.git(["status", "--porcelain", "--", tierRegistryPath(tier)]))
    .split("\n")
    .filter((line) => line.trim() !== "")
    .map((line) => line.slice(3));
  if (dirty.length > 0) {
    throw new PublishRefusedError(
      option,
      `${tierRegistryPath(tier)}/ has uncommitted edits (${dirty.join(", ")}); commit or stash them first, so the commit holds only this change`,
    );
  }
  if (!mode.push) return;
  const remote = mode.remote ?? "origin";
  const main = await workspace.fetchMain(remote);
  const ahead = Number((await workspace.git(["rev-list", "--count", `${main}..HEAD`])).trim());
  if (ahead > 0) {
    throw new PublishRefusedError(
      option,
      `this checkout has ${ahead} commit(s) that are not on ${remote}/main; pushing would publish them too. Run it from a checkout of ${remote}/main, or use --commit and open a pull request yourself`,
    );
  }
  try {
    await workspace.git(["merge", "--ff-only", "--quiet", main]);
  } catch (err) {
    throw new PublishRefusedError(
      option,
      `cannot bring this checkout up to ${remote}/main: ${(err as Error).message}`,
    );
  }
}

/** What publishing needs besides the changes. */
export interface PublishRequest extends PublishMode {
  readonly workspace: RegistryWorkspace;
  readonly tier: TierName;
  readonly changes: readonly RegistryChange[];
  /** The requester: the commits' author. */
  readonly actor: string;
  /** What the registry check judges against. */
  readonly settings: EnvironmentSettings;
  readonly today: string;
  /** Pull request title and body (default: the change's commit message). */
  readonly title?: string;
  readonly body?: string;
  /** Opening pull requests: a token, and the API base (default https://api.github.com). */
  readonly github?: { readonly token?: string; readonly apiUrl?: string; readonly fetch?: typeof fetch };
}

/** What became of the changes. */
export interface PublishOutcome {
  /** The commits made (empty for a working-tree edit). */
  readonly commits: readonly string[];
  /** Where they went, when committed. */
  readonly destination?: ChangeDestination;
  /** The repository on GitHub, when the remote is one. */
  readonly repo?: GitHubRepo;
  /** Things the requester should know (a pull request to open by hand, ...). */
  readonly notes: readonly string[];
}

/**
 * Applies the changes to the working tree and, as `mode` asks, commits and publishes them. A failed
 * registry check or push throws {@link PublishError} with the commits left locally.
 */
export async function publishChanges(request: PublishRequest): Promise<PublishOutcome> {
  const { workspace, changes } = request;
  if (changes.length === 0) return { commits: [], notes: [] };
  const commits: string[] = [];
  for (const change of changes) {
    workspace.apply(change);
    if (request.commit || request.push) commits.push(await workspace.commit(change, request.actor));
  }
  if (commits.length === 0) return { commits, notes: [] };
  const remote = request.remote ?? "origin";
  const repo = await remoteRepo(workspace, remote);
  if (!request.push) {
    return {
      commits,
      destination: { kind: "commit", commit: commits[commits.length - 1]! },
      ...repoOf(repo),
      notes: [],
    };
  }

  const last = changes[changes.length - 1]!;
  const naming =
    changes.length === 1 ? last : { tier: last.tier, environment: "expired", operation: last.operation };
  let publication;
  try {
    publication = await workspace.publish(naming, remote, async (base) => {
      const outcome = checkRegistry({
        tier: request.tier,
        head: workspace.source(request.tier),
        settings: request.settings,
        today: request.today,
        base: {
          label: `${remote}/main (${base.slice(0, 7)})`,
          source: await registrySourceAt(workspace.root, base, request.tier),
        },
      });
      if ("problems" in outcome) {
        throw new PublishError(
          `the registry check against ${remote}/main failed, nothing was pushed:\n${outcome.problems}`,
          commits,
        );
      }
    });
  } catch (err) {
    if (err instanceof PublishError) throw err;
    throw new PublishError(`not pushed: ${(err as Error).message}`, commits);
  }

  if (publication.kind === "main") {
    // The rebase gave the commits new ids.
    const pushed = (await workspace.git(["rev-list", "--reverse", `--max-count=${commits.length}`, "HEAD"]))
      .trim()
      .split("\n");
    return {
      commits: pushed,
      destination: {
        kind: "main",
        commit: publication.commit,
        ...(repo ? { url: commitWebUrl(repo, publication.commit) } : {}),
      },
      ...repoOf(repo),
      notes: [],
    };
  }
  // The change lives on its branch now: the checkout goes back to where it was, so that the next
  // change (or a dev push from the same clone) does not carry this one along. `--keep` refuses
  // rather than lose anything uncommitted.
  await workspace.git(["reset", "--quiet", "--keep", `HEAD~${commits.length}`]);
  const compare = repo ? compareWebUrl(repo, "main", publication.branch) : undefined;
  const branchOnly: ChangeDestination = {
    kind: "branch",
    branch: publication.branch,
    ...(compare ? { url: compare } : {}),
  };
  const token = request.github?.token;
  if (!repo || !token) {
    const why = !repo
      ? `${remote} is not a GitHub repository`
      : "GITHUB_TOKEN is not set, so no pull request was opened";
    return {
      commits,
      destination: branchOnly,
      ...repoOf(repo),
      notes: [`${why}; open one from ${publication.branch} into main${compare ? `: ${compare}` : ""}`],
    };
  }
  try {
    const pull = await openPullRequest({
      repo,
      head: publication.branch,
      base: "main",
      title: request.title ?? firstLine(last.message),
      body: request.body ?? pullRequestBody(changes, request.actor),
      token,
      ...(request.github?.apiUrl ? { apiUrl: request.github.apiUrl } : {}),
      ...(request.github?.fetch ? { fetch: request.github.fetch } : {}),
    });
    return {
      commits,
      destination: { kind: "pullRequest", url: pull.url, number: pull.number },
      repo,
      notes: [],
    };
  } catch (err) {
    if (!(err instanceof GitHubError)) throw err;
    throw new PublishError(
      `pushed ${publication.branch}, but the pull request could not be opened: ${err.message}; open it by hand${compare ? `: ${compare}` : ""}`,
      commits,
      false,
    );
  }
}

/** The pull request's description: what each change does, who asked, and what reviewers check. */
export function pullRequestBody(changes: readonly RegistryChange[], actor: string): string {
  return [
    `Requested by ${actor} through the launcher (\`npm run env\`).`,
    "",
    ...changes.map((c) => `- ${c.summary}`),
    "",
    `The registry check (\`npm run envs -- check ${changes[0]?.tier ?? "<tier>"} --base origin/main\`) passed before the push.`,
    `Once merged, the next \`npm run envs -- sync ${changes[0]?.tier ?? "<tier>"}\` applies it.`,
  ].join("\n");
}

/** The remote's GitHub repository, from its configured URL (not rewritten by `insteadOf`). */
export async function remoteRepo(
  workspace: RegistryWorkspace,
  remote = "origin",
): Promise<GitHubRepo | undefined> {
  try {
    return parseRemoteUrl(await workspace.git(["config", "--get", `remote.${remote}.url`]));
  } catch {
    return undefined;
  }
}

function repoOf(repo: GitHubRepo | undefined): { repo?: GitHubRepo } {
  return repo ? { repo } : {};
}

function firstLine(text: string): string {
  return text.split("\n")[0]!;
}
