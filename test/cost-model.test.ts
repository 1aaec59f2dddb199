/**
 * The cost model (lib/cost) against hand-computed figures: a tiny platform plan priced part by part,
 * an environment's share of a node, sleep schedules, and the same environment priced from its plan
 * and from its resolved config.
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import {
  environmentCost,
  footprintFromPlan,
  footprintOfEnvironment,
  awakeFromPlan,
  SLEEP_INFO,
} from "../lib/cost/environment";
import { cents, formatChange, formatMoney, priced, sum } from "../lib/cost/money";
import { albCount, platformCost, type CostPlan } from "../lib/cost/platform";
import { karpenterRoom, nodeHour, poolBasisFromPlan, poolShare, type GamePoolBasis } from "../lib/cost/pool";
import {
  awakeHoursPerMonth,
  awakeOfEnvironment,
  defaultSchedule,
  describeAwake,
  parseAwake,
  scheduleFromSleepInfo,
  scheduleFromWorkingHours,
} from "../lib/cost/schedule";
import type { CostResource } from "../lib/cost/workloads";
import { readRegistrySource } from "../stacks/registry";
import { resolveRegistry } from "../stacks/resolve-registry";
import { platformCostBasis } from "../tools/cost/basis";
import { tierDefaultAwake } from "../tools/cost/report";
import { ROOT } from "./support/git-repo";
import { testSettings } from "./support/git-repo";
import { testPrices, unknown, usd } from "./support/cost-table";

const res = (type: string, name: string, inputs: Record<string, unknown>): CostResource => ({
  type,
  name,
  inputs,
});

/** A platform stack as small as it gets: one of everything the cost prices. */
const TINY: CostPlan = {
  stack: "dev",
  resources: [
    res("eks:index:Cluster", "eks", { version: "1.34" }),
    res("aws:ec2/natGateway:NatGateway", "nat-0", {}),
    res("aws:ec2/eip:Eip", "nat-0", {}),
    res("eks:index:ManagedNodeGroup", "system", {
      instanceTypes: ["m6i.large"],
      capacityType: "ON_DEMAND",
      diskSize: 40,
      scalingConfig: { desiredSize: 2, minSize: 2, maxSize: 4 },
      labels: { "game-infra/pool": "system" },
    }),
    res("kubernetes:networking.k8s.io/v1:Ingress", "launcher", {
      metadata: { annotations: { "alb.ingress.kubernetes.io/group.name": "game-infra-dev" } },
      spec: { ingressClassName: "alb" },
    }),
    res("kubernetes:helm.sh/v3:Release", "opensearch", {
      chart: "opensearch",
      values: {
        clusterName: "logs",
        replicas: 1,
        persistence: { enabled: true, size: "20Gi", storageClass: "gp3" },
      },
    }),
    res("kubernetes:kafka.strimzi.io/v1:KafkaNodePool", "brokers", {
      spec: {
        replicas: 3,
        storage: { type: "jbod", volumes: [{ id: 0, type: "persistent-claim", size: "10Gi", class: "gp3" }] },
      },
    }),
    res("aws:rds/instance:Instance", "mysql", {
      engine: "mysql",
      instanceClass: "db.t4g.medium",
      multiAz: false,
      allocatedStorage: 20,
      storageType: "gp3",
    }),
    res("aws:elasticache/replicationGroup:ReplicationGroup", "redis", {
      engine: "valkey",
      nodeType: "cache.t4g.small",
      numCacheClusters: 1,
    }),
  ],
  outputs: {
    publicSubnetIds: ["a", "b", "c"],
    logging: { systemPoolNodes: 0.5 },
    environmentSettings: { ingressGroupName: "game-infra-dev" },
  },
};

describe("platform cost by part", () => {
  it("prices each part of a tiny platform plan as worked out by hand", () => {
    const cost = platformCost(TINY, testPrices());
    const byId = Object.fromEntries(cost.lines.map((l) => [l.id, cents(l.monthly.usd)]));
    assert.deepEqual(byId, {
      controlPlane: 73, // 1 cluster × $0.10 × 730 h
      natGateways: 36.5, // 1 × $0.05 × 730
      publicIpv4: 14.6, // (1 Elastic IP + 1 ALB × 3 public subnets) × $0.005 × 730
      loadBalancer: 21.9, // 1 ALB × ($0.02 + 1 LCU × $0.01) × 730
      systemNodes: 115.5, // 2 m6i.large × ($0.10 × 730 + 40 GiB × $0.10) = 154, less 0.5 node for logs: 154 × 1.5/2
      loggingNodes: 38.5, // 154 × 0.5/2
      logStorage: 5, // (20 GiB + 3 × 10 GiB) × $0.10
      rds: 53.1, // $0.07 × 730 + 20 GiB × $0.10
      elasticache: 21.9, // 1 node × $0.03 × 730
    });
    assert.equal(cents(cost.total.usd), 380);
    assert.deepEqual(cost.total.unknown, []);
    assert.equal(formatMoney(cost.total), "$380.00");
  });

  it("two m6i.large system nodes cost 2 × 730 h × their hourly price, plus their volumes", () => {
    const plan: CostPlan = { ...TINY, resources: [TINY.resources[3]!], outputs: {} };
    const prices = testPrices({ ebs: { gp3GbMonth: usd(0) } });
    const cost = platformCost(plan, prices);
    assert.equal(cents(cost.total.usd), 2 * 730 * 0.1);
  });

  it("leaves an unknown price out of the total and names it", () => {
    const prices = testPrices({
      rds: {
        mysqlHour: { "db.t4g.medium": { singleAz: unknown(), multiAz: unknown() } },
        gp3GbMonth: { singleAz: usd(0.1), multiAz: usd(0.2) },
      },
    });
    const cost = platformCost(TINY, prices);
    assert.equal(cents(cost.total.usd), 380 - 51.1);
    assert.deepEqual(cost.total.unknown, ["rds.mysqlHour.db.t4g.medium.singleAz"]);
    assert.equal(formatMoney(cost.total), "$328.90 + unknown");
    const rds = cost.lines.find((l) => l.id === "rds")!;
    assert.equal(formatMoney(rds.monthly), "$2.00 + unknown");
  });

  it("marks an amount resting on a secondary figure", () => {
    const prices = testPrices({ natGateway: { hour: usd(0.05, "secondary"), perGb: usd(0.05) } });
    const cost = platformCost(TINY, prices);
    assert.equal(formatMoney(cost.lines.find((l) => l.id === "natGateways")!.monthly), "$36.50†");
    assert.equal(formatMoney(cost.lines.find((l) => l.id === "controlPlane")!.monthly), "$73.00");
    assert.equal(cost.total.secondary, true);
  });

  it("counts one ALB per IngressGroup, plus ungrouped alb Ingresses", () => {
    const ingress = (group?: string, cls = "alb") =>
      res("kubernetes:networking.k8s.io/v1:Ingress", "i", {
        metadata: { annotations: group ? { "alb.ingress.kubernetes.io/group.name": group } : {} },
        spec: { ingressClassName: cls },
      });
    assert.equal(
      albCount([ingress("a"), ingress("a"), ingress("b"), ingress(), ingress(undefined, "nginx")], {}),
      3,
    );
    assert.equal(albCount([], { environmentSettings: { ingressGroupName: "a" } }), 1);
  });
});

describe("an environment's share of the game nodes", () => {
  const basis: GamePoolBasis = {
    capacity: "on-demand",
    options: [{ instanceType: "m6i.xlarge", room: { cpuMillicores: 4000, memoryMiB: 16000 }, volumeGiB: 0 }],
  };

  it("is the larger of its CPU and memory fractions of a node, at the node's price, for the hours awake", () => {
    // 1000m of 4000m = 0.25, 2000 of 16000 MiB = 0.125: a quarter of a $0.20 node.
    const always = poolShare({ cpuMillicores: 1000, memoryMiB: 2000 }, 730, basis, testPrices());
    assert.equal(always.nodes, 0.25);
    assert.equal(cents(always.monthly.usd), 36.5);
    const office = poolShare({ cpuMillicores: 1000, memoryMiB: 2000 }, 260, basis, testPrices());
    assert.equal(cents(office.monthly.usd), 13);
  });

  it("prices spot at on-demand less the table's discount, or at on-demand (a ceiling) when it is unknown", () => {
    const spot: GamePoolBasis = { ...basis, capacity: "spot" };
    const requests = { cpuMillicores: 1000, memoryMiB: 2000 };
    const ceiling = poolShare(requests, 730, spot, testPrices());
    assert.equal(cents(ceiling.monthly.usd), 36.5);
    assert.match(ceiling.notes.join(), /on-demand rate .* a ceiling/);
    const discounted = poolShare(
      requests,
      730,
      spot,
      testPrices({ ec2: { ...testPrices().ec2, spotDiscount: usd(0.6) } }),
    );
    assert.equal(cents(discounted.monthly.usd), 14.6);
  });

  it("takes the cheapest priced type, says which types had no price, and is unknown when none has one", () => {
    const two: GamePoolBasis = {
      capacity: "on-demand",
      options: [
        { instanceType: "m6a.xlarge", room: { cpuMillicores: 4000, memoryMiB: 16000 }, volumeGiB: 0 },
        { instanceType: "m6i.2xlarge", room: { cpuMillicores: 8000, memoryMiB: 32000 }, volumeGiB: 0 },
      ],
    };
    const share = poolShare({ cpuMillicores: 2000, memoryMiB: 0 }, 730, two, testPrices());
    assert.equal(share.instanceType, "m6i.2xlarge");
    assert.equal(cents(share.monthly.usd), 73); // 2000/8000 × $0.40 × 730
    assert.match(share.notes.join(), /m6a\.xlarge have no price/);
    const none = poolShare(
      { cpuMillicores: 2000, memoryMiB: 0 },
      730,
      { ...two, options: [two.options[0]!] },
      testPrices(),
    );
    assert.deepEqual(none.monthly, { usd: 0, unknown: ["ec2.onDemandHour.m6a.xlarge"], secondary: false });
  });

  it("adds a node's volumes to its hourly price", () => {
    // $0.20 + 73 GiB × $0.10 / 730 h = $0.21 an hour.
    assert.equal(cents(nodeHour("m6i.xlarge", "on-demand", 73, testPrices()).usd * 100) / 100, 0.21);
  });

  it("counts a Karpenter node's room as lib/karpenter.ts nodeRoom does", () => {
    // m6i.xlarge: 4 vCPU, 16384 MiB; less 80m / 893 MiB reserved, 100 MiB eviction, 7.5 % VM overhead, 50m / 64 MiB collector.
    assert.deepEqual(
      karpenterRoom(
        "m6i.xlarge",
        { kubeReservedCpuMillicores: 80, kubeReservedMemoryMiB: 893, evictionHardMemoryMiB: 100 },
        { cpuMillicores: 50, memoryMiB: 64 },
      ),
      { cpuMillicores: 3870, memoryMiB: 14098 },
    );
  });

  it("pays volumes for every hour and the node share only while awake", () => {
    const footprint = {
      requests: { cpuMillicores: 1000, memoryMiB: 2000 },
      pods: 2,
      volumes: [{ owner: "StatefulSet couchbase", count: 1, sizeGiB: 10, storageClass: "gp3" }],
    };
    const office = parseAwake("Mon-Fri 08:00-20:00 Europe/Berlin");
    assert.ok(typeof office === "object" && !("problem" in office));
    const cost = environmentCost(footprint, office, basis, testPrices());
    assert.equal(cents(cost.alwaysOn.total.usd), 37.5); // 36.50 + 10 GiB × $0.10
    // 60 h a week awake = 60 × 730 / 168 h a month: 0.25 × $0.20 × 260.71 = 13.04, + $1.00 of volume.
    assert.equal(cents(cost.scheduled.total.usd), 14.04);
    assert.equal(cents(cost.scheduled.volumes.usd), 1);
  });
});

describe("sleep schedules", () => {
  it("counts the hours awake in a 730-hour month", () => {
    assert.equal(awakeHoursPerMonth("always"), 730);
    const office = scheduleFromWorkingHours({
      timeZone: "Europe/Berlin",
      days: ["Mon", "Tue", "Wed", "Thu", "Fri"],
      start: "08:00",
      end: "20:00",
    });
    assert.equal(awakeHoursPerMonth(office), (60 * 730) / 168);
    assert.equal(describeAwake(office), "Mon-Fri 08:00-20:00 Europe/Berlin");
    // Awake every day but 01:00-07:00: 18 h a day.
    const nights = scheduleFromSleepInfo({ weekdays: "*", sleepAt: "01:00", wakeUpAt: "07:00" });
    assert.notEqual(typeof nights, "string");
    assert.equal(awakeHoursPerMonth(nights as Exclude<typeof nights, string>), (126 * 730) / 168);
  });

  it("reads a kube-green SleepInfo spec, and says why it cannot read another", () => {
    assert.deepEqual(
      scheduleFromSleepInfo({
        weekdays: "1-5",
        sleepAt: "20:00",
        wakeUpAt: "08:00",
        timeZone: "Europe/Rome",
      }),
      {
        weekdays: [1, 2, 3, 4, 5],
        wakeUpAt: 480,
        sleepAt: 1200,
        timeZone: "Europe/Rome",
      },
    );
    assert.match(
      String(scheduleFromSleepInfo({ weekdays: "1-5", sleepAt: "*:*/2", wakeUpAt: "08:00" })),
      /sleepAt/,
    );
    assert.match(
      String(scheduleFromSleepInfo({ weekdays: "mon", sleepAt: "20:00", wakeUpAt: "08:00" })),
      /weekdays/,
    );
  });

  it("takes an environment's schedule from the SleepInfo in its plan, else the default", () => {
    const sleep = res(SLEEP_INFO, "env-sleep", {
      spec: { weekdays: "1-5", sleepAt: "18:00", wakeUpAt: "09:00" },
    });
    const found = awakeFromPlan([sleep], "always");
    assert.equal(describeAwake(found.awake), "Mon-Fri 09:00-18:00 UTC");
    assert.equal(awakeFromPlan([], "always").awake, "always");
  });

  it("parses --awake and names what is wrong", () => {
    assert.equal(parseAwake("always"), "always");
    assert.deepEqual(parseAwake("Sat,Sun 10:00-16:00", "UTC"), {
      weekdays: [0, 6],
      wakeUpAt: 600,
      sleepAt: 960,
      timeZone: "UTC",
    });
    const problem = (text: string) => (parseAwake(text) as { problem: string }).problem;
    assert.match(problem("Mon-Fri 25:00-26:00"), /not a time of day/);
    assert.match(problem("Mon-Fri 20:00-08:00"), /must be after the start/);
    assert.match(problem("Fri-Mon 08:00-20:00"), /runs backwards/);
    assert.match(problem("office hours"), /not a schedule/);
  });
});

describe("money", () => {
  it("sums known parts, carries the unknown ones and formats both", () => {
    const a = priced(usd(0.1), 730, "a");
    const b = priced(unknown(), 730, "b");
    assert.deepEqual(sum(a, b), { usd: 73, unknown: ["b"], secondary: false });
    assert.equal(formatMoney(b), "unknown");
    assert.equal(formatChange({ usd: -1.2, unknown: [], secondary: false }), "-$1.20");
    assert.equal(formatChange({ usd: 1234.5, unknown: ["x"], secondary: true }), "+$1,234.50† (+ unknown)");
  });
});

describe("the same environment from its plan and from its resolved config", () => {
  const fixturePlan = (stack: string) =>
    JSON.parse(readFileSync(join(ROOT, "plans", "fixtures", `${stack}.json`), "utf8")) as CostPlan;

  it("reads a rolling environment's requests from its plan: every server at its normal replicas, init containers counted", () => {
    const footprint = footprintFromPlan(fixturePlan("dev.fixture-rolling").resources);
    // gameserver 250m/512Mi (HPA min 1), league 2 × 100m/256Mi, scheduler and backoffice 100m/256Mi,
    // couchbase 500m/3Gi (its 50m/64Mi init container is smaller).
    assert.deepEqual(footprint.requests, { cpuMillicores: 1150, memoryMiB: 4608 });
    assert.equal(footprint.pods, 6);
    assert.deepEqual(footprint.volumes, [
      { owner: "StatefulSet couchbase", count: 1, sizeGiB: 20, storageClass: "gp3" },
    ]);
  });

  for (const [tier, stack] of [
    ["dev", "dev.fixture-rolling"],
    ["stage", "stage.fixture-bluegreen"],
  ] as const) {
    it(`${stack}: the resolved registry gives the footprint its plan has`, async () => {
      const settings = await testSettings(ROOT, tier);
      const registry = resolveRegistry(readRegistrySource(join(ROOT, "test", "fixtures"), tier), {
        settings,
        today: "2026-11-05",
      });
      const env = registry.environments.find((e) => stack.endsWith(`.${e.name}`))!;
      assert.deepEqual(footprintOfEnvironment(env), footprintFromPlan(fixturePlan(stack).resources));
    });
  }

  it("the game pool basis from the dev config is the one its plan gives", async () => {
    const plan = JSON.parse(readFileSync(join(ROOT, "plans", "dev.json"), "utf8")) as CostPlan;
    const fromPlan = poolBasisFromPlan(plan.resources, plan.outputs);
    const fromConfig = await platformCostBasis(ROOT, "dev");
    assert.ok(!("error" in fromConfig), JSON.stringify(fromConfig));
    assert.deepEqual(fromConfig.basis, fromPlan);
    assert.equal(fromConfig.prices.table.region, "eu-west-1");
    assert.equal(describeAwake(fromConfig.awake), "Mon-Fri 08:00-20:00 Europe/Berlin");
  });
});

describe("whose schedule an environment is priced on", () => {
  const officeHours = {
    days: ["Mon", "Tue", "Wed", "Thu", "Fri"],
    start: "08:00",
    end: "20:00",
    timeZone: "Europe/Berlin",
  } as const;

  it("takes the tier profile's named default: alwaysOn is always, officeHours the working hours", () => {
    assert.equal(defaultSchedule("alwaysOn", officeHours), "always");
    assert.deepEqual(defaultSchedule("officeHours", officeHours), {
      weekdays: [1, 2, 3, 4, 5],
      wakeUpAt: 480,
      sleepAt: 1200,
      timeZone: "Europe/Berlin",
    });
    assert.equal(tierDefaultAwake("stage"), "always", "stage environments never sleep by default");
    assert.notEqual(tierDefaultAwake("dev"), "always", "dev environments sleep by default");
  });

  it("prices an environment on its own resolved schedule, and one without a schedule always on", () => {
    assert.equal(awakeOfEnvironment({}), "always");
    assert.deepEqual(
      awakeOfEnvironment({
        schedule: { weekdays: "mon", sleepAt: "20:00", wakeUpAt: "08:00", timeZone: "UTC" },
      }),
      { problem: String(scheduleFromSleepInfo({ weekdays: "mon", sleepAt: "20:00", wakeUpAt: "08:00" })) },
      "an unreadable schedule is a problem object, never a string that could read as always",
    );
    assert.deepEqual(
      awakeOfEnvironment({
        schedule: { weekdays: "1-5", sleepAt: "19:00", wakeUpAt: "09:00", timeZone: "Europe/Lisbon" },
      }),
      { weekdays: [1, 2, 3, 4, 5], wakeUpAt: 540, sleepAt: 1140, timeZone: "Europe/Lisbon" },
    );
  });

  it("prices an environment plan without a SleepInfo always on (scheduled equals always on)", () => {
    assert.deepEqual(awakeFromPlan([], "always"), { awake: "always" });
  });
});
