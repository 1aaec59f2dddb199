/**
 * An environment's sleep as GameEnvironment builds it (`lib/environment/sleep.ts`): the kube-green
 * SleepInfo for a schedule, none while `wake` pauses it or when the environment is always on, the
 * annotations its workloads carry, and that sleeping keeps every byte of data.
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { before, describe, it } from "node:test";
import { GameEnvironment, validateEnvironmentArgs } from "../components/game-environment";
import { kubeGreenResourceProblems } from "../lib/kube-green";
import type { EnvironmentConfig } from "../stacks/config";
import type { EnvironmentSettings } from "../stacks/environment-settings";
import {
  ROOT,
  TEST_TODAY,
  committedRegistry,
  environmentSettings,
  runComponent,
  type Registered,
} from "./harness";
import { environmentArgs, testCluster } from "./support/environment";

type Json = Record<string, unknown>;
const SLEEP_INFO = "kubernetes:kube-green.com/v1alpha1:SleepInfo";
const WORKLOAD_TYPES = ["kubernetes:apps/v1:Deployment", "kubernetes:apps/v1:StatefulSet"];
const excerpt = readFileSync(join(ROOT, "upstream", "kube-green", "sleep.excerpt.go.txt"), "utf8");

async function run(settings: EnvironmentSettings, envs: readonly EnvironmentConfig[]): Promise<Registered> {
  const { registered } = await runComponent(
    () => {
      const cluster = testCluster(settings);
      return envs.map((env) => new GameEnvironment(env.name, environmentArgs(settings, env, cluster)));
    },
    { stack: settings.tier },
  );
  return registered;
}

/** The Deployments and StatefulSets of namespace `ns`, by object name. */
function workloads(registered: Registered, ns: string): Map<string, Json> {
  return new Map(
    registered.resources
      .filter((r) => WORKLOAD_TYPES.includes(r.type))
      .map((r) => r.inputs as Json)
      .filter((i) => (i.metadata as Json).namespace === ns)
      .map((i) => [(i.metadata as Json).name as string, i]),
  );
}

const sleepInfosIn = (registered: Registered, ns: string) =>
  registered.ofType(SLEEP_INFO).filter((r) => (r.inputs.metadata as Json).namespace === ns);

describe("GameEnvironment: a dev environment on office hours", () => {
  let registered: Registered;
  before(async () => {
    const settings = await environmentSettings("dev");
    const dev1 = (await committedRegistry("dev")).environments.find((e) => e.name === "dev1")!;
    registered = await run(settings, [dev1]);
  });

  it("gets a SleepInfo in its namespace: Mon-Fri, asleep 20:00, awake 08:00 Berlin time, every server included", () => {
    const [sleepInfo] = sleepInfosIn(registered, "dev1");
    assert.deepEqual(sleepInfo?.inputs, {
      apiVersion: "kube-green.com/v1alpha1",
      kind: "SleepInfo",
      metadata: { name: "sleep-schedule", namespace: "dev1", labels: { "game-infra/environment": "dev1" } },
      spec: {
        weekdays: "1-5",
        sleepAt: "20:00",
        wakeUpAt: "08:00",
        timeZone: "Europe/Berlin",
        suspendDeployments: true,
        suspendStatefulSets: true,
        suspendCronJobs: false,
      },
    });
    assert.deepEqual(kubeGreenResourceProblems(sleepInfo!.inputs), []);
  });

  it("parents the SleepInfo to the environment, and creates it after the servers", () => {
    const [sleepInfo] = sleepInfosIn(registered, "dev1");
    const environment = registered.one("game:index:GameEnvironment", "dev1");
    assert.equal(sleepInfo!.parent, environment.urn);
    assert.equal(sleepInfo!.name, "dev1-sleep");
    // Waiting for a component waits for its children: the engine records them.
    const servers = registered.resources
      .filter((r) => WORKLOAD_TYPES.includes(r.type) && r.name.startsWith("dev1-"))
      .map((r) => r.urn);
    assert.equal(servers.length, 5);
    for (const urn of servers) assert.ok(sleepInfo!.dependsOn.includes(urn), urn);
  });

  it("lets the stack take back every field of its workloads, which kube-green co-owns once it slept them", () => {
    // kube-green applies the whole object (upstream/kube-green/sleep.excerpt.go.txt).
    assert.ok(excerpt.includes("if err := json.Unmarshal(modified, &res.Object); err != nil {"));
    assert.ok(excerpt.includes("if err := resourceWrapper.SSAPatch(ctx, res); err != nil {"));
    const all = workloads(registered, "dev1");
    assert.deepEqual([...all.keys()].sort(), [
      "backoffice",
      "couchbase",
      "gameserver",
      "league",
      "scheduler",
    ]);
    for (const [name, inputs] of all) {
      assert.deepEqual((inputs.metadata as Json).annotations, { "pulumi.com/patchForce": "true" }, name);
    }
    // The autoscaler's choice stays its own while no pause holds.
    assert.equal("replicas" in (all.get("gameserver")!.spec as Json), false);
  });

  it("leaves Karpenter free to remove the nodes its servers left: no pod opts out of disruption", () => {
    for (const [name, inputs] of workloads(registered, "dev1")) {
      const template = (inputs.spec as { template: { metadata?: { annotations?: Json } } }).template;
      assert.equal(
        template.metadata?.annotations?.["karpenter.sh/do-not-disrupt"],
        undefined,
        `${name} carries no karpenter.sh/do-not-disrupt`,
      );
    }
  });

  it("keeps Couchbase's volume when kube-green scales it to zero", () => {
    assert.ok(excerpt.includes("func (s SleepInfo) IsStatefulSetsToSuspend() bool {"));
    const couchbase = workloads(registered, "dev1").get("couchbase")!;
    assert.deepEqual((couchbase.spec as Json).persistentVolumeClaimRetentionPolicy, {
      whenDeleted: "Retain",
      whenScaled: "Retain",
    });
  });
});

describe("GameEnvironment: a paused schedule (wake --until) and an always-on environment", () => {
  let registered: Registered;
  before(async () => {
    const settings = await environmentSettings("dev");
    const dev1 = (await committedRegistry("dev")).environments.find((e) => e.name === "dev1")!;
    const paused: EnvironmentConfig = {
      ...dev1,
      name: "dev7",
      redisDb: 7,
      sleep: { ...dev1.sleep, pausedUntil: TEST_TODAY, paused: true },
    };
    const alwaysOn: EnvironmentConfig = {
      ...dev1,
      name: "dev8",
      redisDb: 8,
      sleep: { mode: "alwaysOn", reason: "overnight soak test", paused: false },
    };
    registered = await run(settings, [paused, alwaysOn]);
  });

  it("gives neither a SleepInfo", () => {
    assert.deepEqual(registered.ofType(SLEEP_INFO), []);
  });

  it("while paused, marks every workload with the pause's last day and declares every replica count, so the apply wakes them", () => {
    const all = workloads(registered, "dev7");
    for (const [name, inputs] of all) {
      assert.deepEqual(
        (inputs.metadata as Json).annotations,
        { "pulumi.com/patchForce": "true", "game-infra/sleep-paused-until": TEST_TODAY },
        name,
      );
      assert.equal((inputs.spec as Json).replicas, 1, `${name} declares its replicas`);
    }
    // An autoscaler never scales up from zero: the game server's minimum is declared too.
    assert.ok(registered.ofType("kubernetes:autoscaling/v2:HorizontalPodAutoscaler").length > 0);
  });

  it("says so on the namespace: the pause's last day, or why it is always on", () => {
    const annotations = (ns: string) =>
      ((registered.one("kubernetes:core/v1:Namespace", `${ns}-namespace`).inputs.metadata as Json)
        .annotations ?? {}) as Json;
    assert.equal(annotations("dev7")["game-infra/sleep-paused-until"], TEST_TODAY);
    assert.equal(
      annotations("dev7")["game-infra/sleep-schedule"],
      "Mon-Fri: wakes 08:00, sleeps 20:00 (Europe/Berlin)",
    );
    assert.equal(annotations("dev8")["game-infra/sleep-schedule"], "always on");
    assert.equal(annotations("dev8")["game-infra/always-on-reason"], "overnight soak test");
  });
});

describe("GameEnvironment: a sleep schedule kube-green would refuse", () => {
  it("is refused before anything is created, under its property", async () => {
    const settings = await environmentSettings("dev");
    const dev1 = (await committedRegistry("dev")).environments.find((e) => e.name === "dev1")!;
    const env: EnvironmentConfig = {
      ...dev1,
      sleep: {
        mode: "custom",
        schedule: { weekdays: "1-5", sleepAt: "20:00", wakeUpAt: "08:00", timeZone: "Nowhere/Land" },
        paused: false,
      },
    };
    const problems = validateEnvironmentArgs({
      ...environmentArgs(settings, env, {
        provider: undefined as never,
        gameScheduling: settings.gameScheduling,
        graceTolerations: settings.graceTolerations,
        certificateArn: "arn:aws:acm:eu-west-1:123456789012:certificate/test",
      }),
      dataAccess: () => {
        throw new Error("validation must not create anything");
      },
    });
    assert.deepEqual(problems, [
      {
        propertyPath: "environment.sleep.schedule.timeZone",
        reason: '"Nowhere/Land" is not an IANA time zone such as Europe/Berlin or Asia/Seoul',
      },
    ]);
  });
});
