/**
 * `npm run launcher -- --repo PATH --port N [--user EMAIL]`: starts the launcher's web server
 * (page and preset API) over a clone. `--help` lists every flag; docs/launcher-web.md explains
 * local use, identity behind the ALB, the preset API and its access, and the status meanings.
 */
import { serve } from "@hono/node-server";
import type { AddressInfo } from "node:net";
import { AlbIdentity, LocalIdentity, type IdentityResolver } from "./identity";
import { createLauncher } from "./server/app";
import { SlackNotifier } from "./server/notifier";
import { slackWebhookFromEnv } from "./slack";
import { parseServeArgs, USAGE, UsageError, type ServeArgs } from "./server/args";
import { NoStatusSource, type StatusSource } from "./status";
import { ClientNodeReader, KubernetesStatusSource } from "./status-kubernetes";
import { RegistryWorkspace } from "./workspace";

/** Starts the server; resolves once it listens, with its URL and a way to stop it. */
export async function startLauncher(args: ServeArgs): Promise<{ url: string; close: () => Promise<void> }> {
  const identity: IdentityResolver | undefined = args.user
    ? new LocalIdentity(args.user)
    : args.albArn
      ? new AlbIdentity({ albArn: args.albArn, ...(args.albKeysUrl ? { keysUrl: args.albKeysUrl } : {}) })
      : undefined;
  const status: StatusSource =
    args.status === "kubernetes"
      ? new KubernetesStatusSource(ClientNodeReader.inCluster())
      : new NoStatusSource();
  const presetToken = process.env.PRESET_TOKEN || undefined;
  const slack = slackWebhookFromEnv(process.env);
  if (slack.problem) console.error(`launcher: ${slack.problem}; changes are not announced`);
  const workspace = new RegistryWorkspace(args.repo);
  const launcher = createLauncher({
    workspace,
    tiers: args.tiers,
    ...(identity ? { identity } : {}),
    status,
    ...(presetToken ? { presetToken } : {}),
    ...(slack.webhook ? { notifier: new SlackNotifier(slack.webhook) } : {}),
    remote: args.remote,
  });
  // Fail now, not on the first request, when a tier's platform settings cannot be computed.
  await Promise.all(args.tiers.map((t) => workspace.settings(t)));
  const hasRemote = await launcher.writer.hasRemote();
  const server = await new Promise<ReturnType<typeof serve>>((resolveServer, reject) => {
    const s = serve({ fetch: launcher.app.fetch, port: args.port, hostname: args.host }, () =>
      resolveServer(s),
    );
    s.once("error", reject);
  });
  const address = server.address() as AddressInfo;
  const host = address.family === "IPv6" ? `[${address.address}]` : address.address;
  const url = `http://${host}:${address.port}`;
  const timer =
    hasRemote && args.refreshSeconds > 0
      ? setInterval(() => {
          launcher.writer.refresh().catch((err: Error) => console.error(`launcher: refresh: ${err.message}`));
        }, args.refreshSeconds * 1000)
      : undefined;
  timer?.unref();
  console.log(
    [
      `launcher: serving ${args.tiers.join(", ")} at ${url}`,
      `  repository ${args.repo} (${hasRemote ? `publishes to ${args.remote}` : `no remote "${args.remote}": commits only`})`,
      `  identity: ${args.user ? `--user ${args.user}` : args.albArn ? `ALB ${args.albArn}` : "none (read-only)"}`,
      `  live status: ${status.name}; preset API: ${presetToken ? "bearer token required" : "open"}; Slack: ${slack.webhook ? "on" : "off"}`,
    ].join("\n"),
  );
  return {
    url,
    close: () =>
      new Promise<void>((done) => {
        if (timer) clearInterval(timer);
        server.close(() => done());
      }),
  };
}

async function main(): Promise<void> {
  let args: ServeArgs | undefined;
  try {
    args = parseServeArgs(process.argv.slice(2));
  } catch (err) {
    if (err instanceof UsageError) {
      console.error(`launcher: ${err.message}\n\n${USAGE}`);
      process.exit(2);
    }
    throw err;
  }
  if (!args) {
    console.log(USAGE);
    return;
  }
  let running;
  try {
    running = await startLauncher(args);
  } catch (err) {
    console.error(`launcher: could not start: ${(err as Error).message}`);
    process.exit(1);
  }
  const stop = () => {
    void running.close().then(() => process.exit(0));
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
}

if (require.main === module) void main();
