/**
 * `npm run launcher -- ...`: the web server's command line. Every bad flag is a one-line error
 * naming the flag and what it accepts (the caller prints it with the usage and exits 2).
 */
import { existsSync } from "node:fs";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { TIER_NAMES, type TierName } from "../../stacks/tier";
import { albRegion } from "../identity";

/** What `launcher/serve.ts` starts. */
export interface ServeArgs {
  readonly repo: string;
  readonly port: number;
  readonly host: string;
  readonly tiers: readonly TierName[];
  readonly user?: string;
  readonly albArn?: string;
  readonly albKeysUrl?: string;
  readonly status: "none" | "kubernetes";
  readonly refreshSeconds: number;
  readonly remote: string;
}

/** A command line the launcher cannot start with. */
export class UsageError extends Error {
  override readonly name = "UsageError";
}

/** The `--help` text. */
export const USAGE = `Usage: npm run launcher -- --repo PATH [options]

Serves the environment launcher (web page and preset API) over a clone of this repository.

  --repo PATH            the clone to read and commit in (required); it needs Pulumi.<tier>.yaml
  --port N               port to listen on, 0 for any free one (default 8080)
  --host ADDRESS         address to listen on (default 127.0.0.1; 0.0.0.0 in a pod)
  --tier TIER            a tier to serve (repeat for several; default: every tier with a
                         Pulumi.<tier>.yaml in --repo); one of ${TIER_NAMES.join(", ")}
  --user EMAIL           local use: every change is made as EMAIL (owner and commit author)
  --alb-arn ARN          in the cluster: trust only the OIDC identity this Application Load
                         Balancer signs (x-amzn-oidc-data, verified with its published key)
  --alb-keys-url URL     where the ALB's public keys are (default
                         https://public-keys.auth.elb.<region of --alb-arn>.amazonaws.com)
  --status SOURCE        live status: none (default; every environment "unknown") or kubernetes
                         (the pod's service account, read-only; needs exactly one --tier)
  --refresh-seconds N    pull the remote's main every N seconds (default 30; 0: only before writes)
  --remote NAME          the git remote to pull from and publish to (default origin)
  --help                 this text

Environment:
  PRESET_TOKEN           when set, /api/v1/presets/* needs "Authorization: Bearer <token>"

Without --user or --alb-arn the page is read-only (every change answers 401).`;

/** Parses the command line; throws {@link UsageError}. Returns undefined for `--help`. */
export function parseServeArgs(argv: readonly string[]): ServeArgs | undefined {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: false,
      options: {
        repo: { type: "string" },
        port: { type: "string" },
        host: { type: "string" },
        tier: { type: "string", multiple: true },
        user: { type: "string" },
        "alb-arn": { type: "string" },
        "alb-keys-url": { type: "string" },
        status: { type: "string" },
        "refresh-seconds": { type: "string" },
        remote: { type: "string" },
        help: { type: "boolean" },
      },
    });
  } catch (err) {
    // node's messages name the flag ("Unknown option '--prot'", "Option '--port <value>' argument missing").
    throw new UsageError(
      (err as Error).message
        .split("\n")[0]!
        .replace(/\. To specify a positional.*$/, "")
        .replace(
          /\. This command does not take positional arguments$/,
          ": the launcher takes flags only (--help lists them)",
        ),
    );
  }
  const v = parsed.values;
  if (v.help) return undefined;

  if (!v.repo) throw new UsageError("--repo is required: the path of a clone of this repository");
  const repo = resolve(v.repo);
  if (!existsSync(repo)) throw new UsageError(`--repo: ${repo} does not exist`);
  if (!existsSync(join(repo, ".git"))) throw new UsageError(`--repo: ${repo} is not a git clone (no .git)`);
  if (!existsSync(join(repo, "Pulumi.yaml"))) {
    throw new UsageError(`--repo: ${repo} has no Pulumi.yaml; give a clone of the game-infra repository`);
  }

  const port = v.port === undefined ? 8080 : Number(v.port);
  if (!/^\d+$/.test(v.port ?? "8080") || !Number.isInteger(port) || port > 65535) {
    throw new UsageError(`--port: "${v.port}" is not a port number (0-65535)`);
  }

  const host = v.host ?? "127.0.0.1";
  if (!/^[A-Za-z0-9.:[\]-]+$/.test(host)) throw new UsageError(`--host: "${host}" is not an address`);

  const served = TIER_NAMES.filter((t) => existsSync(join(repo, `Pulumi.${t}.yaml`)));
  let tiers: TierName[];
  if (v.tier && v.tier.length > 0) {
    tiers = [];
    for (const t of v.tier.flatMap((x) => x.split(","))) {
      if (!(TIER_NAMES as readonly string[]).includes(t)) {
        throw new UsageError(`--tier: "${t}" is not a tier; tiers: ${TIER_NAMES.join(", ")}`);
      }
      if (!served.includes(t as TierName)) {
        throw new UsageError(`--tier: ${repo} has no Pulumi.${t}.yaml, so tier ${t} cannot be served`);
      }
      if (!tiers.includes(t as TierName)) tiers.push(t as TierName);
    }
  } else {
    tiers = served;
    if (tiers.length === 0) {
      throw new UsageError(
        `--repo: ${repo} has no Pulumi.<tier>.yaml (${TIER_NAMES.join(", ")}); nothing to serve`,
      );
    }
  }

  if (v.user !== undefined && v["alb-arn"] !== undefined) {
    throw new UsageError(
      "--user and --alb-arn exclude each other: --user is for local use, --alb-arn for the cluster",
    );
  }
  if (v.user !== undefined && !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(v.user)) {
    throw new UsageError(`--user: "${v.user}" is not an e-mail address`);
  }
  if (v["alb-arn"] !== undefined && !albRegion(v["alb-arn"])) {
    throw new UsageError(
      `--alb-arn: "${v["alb-arn"]}" is not an Application Load Balancer ARN (arn:aws:elasticloadbalancing:<region>:<account>:loadbalancer/app/<name>/<id>)`,
    );
  }
  if (v["alb-keys-url"] !== undefined) {
    if (v["alb-arn"] === undefined) throw new UsageError("--alb-keys-url needs --alb-arn");
    if (!/^https?:\/\/[^\s/]+(\/\S*)?$/.test(v["alb-keys-url"])) {
      throw new UsageError(`--alb-keys-url: "${v["alb-keys-url"]}" is not an http(s) URL`);
    }
  }

  const status = v.status ?? "none";
  if (status !== "none" && status !== "kubernetes") {
    throw new UsageError(`--status: "${status}" is not a status source; use none or kubernetes`);
  }
  if (status === "kubernetes" && tiers.length !== 1) {
    throw new UsageError(
      `--status kubernetes reads this cluster, which runs one tier: give exactly one --tier (got ${tiers.join(", ")})`,
    );
  }

  const refreshText = v["refresh-seconds"] ?? "30";
  if (!/^\d+$/.test(refreshText)) {
    throw new UsageError(
      `--refresh-seconds: "${refreshText}" is not a whole number of seconds (0 turns it off)`,
    );
  }

  const remote = v.remote ?? "origin";
  if (!/^[A-Za-z0-9._-]+$/.test(remote)) throw new UsageError(`--remote: "${remote}" is not a remote name`);

  return {
    repo,
    port,
    host,
    tiers,
    ...(v.user !== undefined ? { user: v.user } : {}),
    ...(v["alb-arn"] !== undefined ? { albArn: v["alb-arn"] } : {}),
    ...(v["alb-keys-url"] !== undefined ? { albKeysUrl: v["alb-keys-url"] } : {}),
    status,
    refreshSeconds: Number(refreshText),
    remote,
  };
}
