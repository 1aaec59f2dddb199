/**
 * Runs a GameCluster under the mock engine, whose caller identity is
 * arn:aws:iam::123456789012:user/mock, once for each list of admins given as JSON in argv[2] (a list of
 * lists), and prints what happened in each run as a JSON list: the resource types registered, the messages logged with `pulumi.log.error`
 * (which print as `error: [runtime] …` without an engine), and the unhandled rejections (how
 * Pulumi reports an error thrown inside an Output). A separate process, because a test runner
 * treats those rejections as its own failures.
 */
import { GameCluster } from "../../components/cluster";
import { GameNetwork } from "../../components/network";
import { loadConfig, runComponent } from "../harness";

async function main(): Promise<void> {
  const runs = JSON.parse(process.argv[2] ?? "[]") as string[][];
  let rejections: string[] = [];
  let logged: string[] = [];
  process.on("unhandledRejection", (err) => rejections.push(String((err as Error).message)));
  const config = await loadConfig("dev");
  const log = console.error;
  const results: Array<{ types: string[]; logged: string[]; rejections: string[] }> = [];
  for (const admins of runs) {
    [rejections, logged] = [[], []];
    console.error = (...parts: unknown[]) => void logged.push(parts.join(" "));
    const { registered } = await runComponent(() => {
      const network = new GameNetwork("c", {
        cidr: "10.0.0.0/16",
        azCount: 2,
        natGateways: "single",
        clusterName: "c",
        flowLogRetentionDays: 7,
      });
      return new GameCluster("c", {
        clusterName: "c",
        kubernetesVersion: "1.34",
        network,
        publicAccessCidrs: ["203.0.113.0/24"],
        admins,
        nodePools: config.nodePools,
        karpenter: config.karpenter,
        nodeMonitorGracePeriodSeconds: 240,
        logRetentionDays: 7,
        region: "eu-west-1",
        domain: "c.example.com",
        hostedZoneId: "Z1",
      });
    });
    // Rejections of Outputs arrive after the run settles.
    await new Promise((resolve) => setTimeout(resolve, 50));
    console.error = log;
    results.push({
      types: [...new Set(registered.resources.map((r) => r.type))].sort(),
      logged,
      rejections: rejections.map((m) => m.slice(0, 2000)),
    });
  }
  process.stdout.write(JSON.stringify(results));
}

main().catch((err: Error) => {
  // Not a finding of the check: the script itself broke (the test then reports this text).
  process.stdout.write(JSON.stringify({ error: err.stack ?? err.message }));
});
