/**
 * The Karpenter builders of `lib/karpenter.ts` and the working-hours window of
 * `lib/karpenter-schedule.ts`, called directly: a NodePool and an EC2NodeClass compared whole with
 * literal manifests (and checked against the vendored 1.14.1 CRDs through `lib/karpenter-crds.ts`),
 * the controller's chart values against literals and the vendored chart values, the interruption
 * rules against the vendored CloudFormation template, the sizing rules and working hours at their
 * bounds, and every validation message word for word.
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { parse } from "yaml";
import {
  BOTTLEROCKET_OS_VOLUME,
  CRITICAL_ADDONS_TOLERATION,
  INTERRUPTION_QUEUE_RETENTION_SECONDS,
  INTERRUPTION_RULES,
  KARPENTER_CAPACITY_TYPES,
  KARPENTER_CONTROLLER_RESOURCES,
  KARPENTER_CRD_RELEASE,
  KARPENTER_NAMESPACE,
  KARPENTER_RELEASE,
  KARPENTER_SERVICE_ACCOUNT,
  KARPENTER_VM_MEMORY_OVERHEAD,
  NODE_CLASS_API_VERSION,
  NODE_POOL_API_VERSION,
  WORKING_HOURS_QUIET_REASONS,
  bottlerocketAlias,
  bottlerocketToml,
  ec2NodeClassManifest,
  interruptionQueueName,
  karpenterControllerValues,
  kubernetesArch,
  nodePoolManifest,
  poolCapacity,
  poolLimits,
  poolSizingProblems,
  type KarpenterPool,
} from "../lib/karpenter";
import {
  KARPENTER_CRD_FILES,
  KARPENTER_RESOURCE_VALIDATOR,
  KARPENTER_UPSTREAM_DIR,
  karpenterResourceProblems,
} from "../lib/karpenter-crds";
import {
  REFERENCE_YEAR,
  WEEKDAYS,
  cronDays,
  isTimeZone,
  utcOffsetsMinutes,
  workingHoursProblems,
  workingHoursWindow,
} from "../lib/karpenter-schedule";
import { ROOT } from "./paths";
import { karpenterTemplate } from "./support/cloudformation";

const weekdays = ["Mon", "Tue", "Wed", "Thu", "Fri"] as const;

const pool: KarpenterPool = {
  name: "game",
  instanceFamilies: ["m6i", "m6a"],
  instanceSizes: ["xlarge", "2xlarge"],
  capacityTypes: ["spot", "on-demand"],
  limits: { cpu: "40", memory: "160Gi" },
  consolidateAfter: "5m",
  expireAfter: "720h",
  disruptionBudget: "10%",
  diskSizeGiB: 80,
};

describe("the NodePool", () => {
  const manifest = () =>
    nodePoolManifest({
      pool,
      nodeClassName: "game-class",
      labels: { "game-infra/pool": "game", team: "servers" },
      taints: [{ key: "game-infra/pool", value: "game", effect: "NoSchedule" }],
      architecture: "arm64",
      workingHours: { timeZone: "UTC", days: weekdays, start: "08:00", end: "18:30" },
    });

  it("is the whole manifest: requirements, labels, taints, limits, consolidation and budgets", () => {
    assert.deepEqual(manifest(), {
      apiVersion: "karpenter.sh/v1",
      kind: "NodePool",
      metadata: { name: "game", labels: { "app.kubernetes.io/managed-by": "pulumi" } },
      spec: {
        template: {
          metadata: { labels: { "game-infra/pool": "game", team: "servers" } },
          spec: {
            nodeClassRef: { group: "karpenter.k8s.aws", kind: "EC2NodeClass", name: "game-class" },
            requirements: [
              { key: "karpenter.k8s.aws/instance-family", operator: "In", values: ["m6i", "m6a"] },
              { key: "karpenter.k8s.aws/instance-size", operator: "In", values: ["xlarge", "2xlarge"] },
              { key: "karpenter.sh/capacity-type", operator: "In", values: ["spot", "on-demand"] },
              { key: "kubernetes.io/arch", operator: "In", values: ["arm64"] },
              { key: "kubernetes.io/os", operator: "In", values: ["linux"] },
            ],
            taints: [{ key: "game-infra/pool", value: "game", effect: "NoSchedule" }],
            expireAfter: "720h",
          },
        },
        limits: { cpu: "40", memory: "160Gi" },
        disruption: {
          consolidationPolicy: "WhenEmptyOrUnderutilized",
          consolidateAfter: "5m",
          budgets: [
            { nodes: "10%" },
            {
              nodes: "0",
              reasons: ["Underutilized", "Drifted"],
              schedule: "0 8 * * 1-5",
              duration: "10h30m",
            },
          ],
        },
      },
    });
  });

  it("is valid against the vendored Karpenter 1.14.1 NodePool CRD", () => {
    assert.deepEqual(karpenterResourceProblems(manifest()), []);
  });

  it("asks for amd64 nodes for x86_64 instance types", () => {
    assert.equal(kubernetesArch("x86_64"), "amd64");
    assert.equal(kubernetesArch("arm64"), "arm64");
  });

  it("holds back only consolidation of underused nodes and drift during working hours", () => {
    assert.deepEqual(WORKING_HOURS_QUIET_REASONS, ["Underutilized", "Drifted"]);
    assert.deepEqual(KARPENTER_CAPACITY_TYPES, ["spot", "on-demand"]);
  });
});

describe("the EC2NodeClass", () => {
  const manifest = () =>
    ec2NodeClassManifest({
      name: "game-class",
      bottlerocketVersion: "v1.68.1",
      roleName: "dev-karpenter-node",
      subnetIds: ["subnet-a", "subnet-b"],
      securityGroupIds: ["sg-1"],
      sizing: {
        instanceType: "m6i.xlarge",
        maxPods: 58,
        kubeReservedCpuMillicores: 80,
        kubeReservedMemoryMiB: 893,
        evictionHardMemoryMiB: 100,
        allocatableCpuMillicores: 3920,
        allocatableMemoryMiB: 15391,
      },
      diskSizeGiB: 80,
      bottlerocketSettings: { settings: { kubernetes: { "shutdown-grace-period": "90s" } } },
      tags: { "game-infra/stack": "dev" },
    });

  it("is the whole manifest: pinned AMI, subnets and groups by id, IMDSv2, encrypted gp3, kubelet sizing", () => {
    assert.deepEqual(manifest(), {
      apiVersion: "karpenter.k8s.aws/v1",
      kind: "EC2NodeClass",
      metadata: { name: "game-class", labels: { "app.kubernetes.io/managed-by": "pulumi" } },
      spec: {
        amiSelectorTerms: [{ alias: "bottlerocket@v1.68.1" }],
        role: "dev-karpenter-node",
        subnetSelectorTerms: [{ id: "subnet-a" }, { id: "subnet-b" }],
        securityGroupSelectorTerms: [{ id: "sg-1" }],
        metadataOptions: {
          httpEndpoint: "enabled",
          httpProtocolIPv6: "disabled",
          httpPutResponseHopLimit: 1,
          httpTokens: "required",
        },
        blockDeviceMappings: [
          {
            deviceName: "/dev/xvda",
            ebs: { volumeSize: "4Gi", volumeType: "gp3", encrypted: true, deleteOnTermination: true },
          },
          {
            deviceName: "/dev/xvdb",
            ebs: { volumeSize: "80Gi", volumeType: "gp3", encrypted: true, deleteOnTermination: true },
          },
        ],
        kubelet: {
          maxPods: 58,
          kubeReserved: { cpu: "80m", memory: "893Mi", "ephemeral-storage": "1Gi" },
          evictionHard: { "memory.available": "100Mi" },
        },
        userData: '[settings.kubernetes]\nshutdown-grace-period = "90s"\n',
        tags: { "game-infra/stack": "dev" },
      },
    });
  });

  it("is valid against the vendored Karpenter 1.14.1 EC2NodeClass CRD", () => {
    assert.deepEqual(karpenterResourceProblems(manifest()), []);
  });

  it("names the Bottlerocket alias and OS volume as Karpenter's Bottlerocket family does", () => {
    assert.equal(bottlerocketAlias("v1.2.3"), "bottlerocket@v1.2.3");
    assert.equal(BOTTLEROCKET_OS_VOLUME, "4Gi");
    assert.equal(NODE_CLASS_API_VERSION, "karpenter.k8s.aws/v1");
    assert.equal(NODE_POOL_API_VERSION, "karpenter.sh/v1");
  });
});

describe("Bottlerocket user data", () => {
  it("writes nothing but a newline for no settings", () => {
    assert.equal(bottlerocketToml({}), "\n");
  });

  it("quotes keys that are not bare TOML keys and writes strings, numbers and booleans as TOML values", () => {
    assert.equal(
      bottlerocketToml({ settings: { "node-labels": { "game-infra/pool": "game", a_b: 1, "x y": true } } }),
      '[settings.node-labels]\n"game-infra/pool" = "game"\na_b = 1\n"x y" = true\n',
    );
  });

  it("refuses a value that is not a string, number or boolean, naming the setting", () => {
    assert.throws(() => bottlerocketToml({ settings: { kubernetes: { "max-pods": null } } }), {
      name: "RangeError",
      message: "Bottlerocket setting settings.kubernetes.max-pods must be a string, number or boolean",
    });
    assert.throws(() => bottlerocketToml({ settings: { kubernetes: { "max-pods": undefined } } }), {
      message: "Bottlerocket setting settings.kubernetes.max-pods must be a string, number or boolean",
    });
  });
});

describe("the Karpenter custom resource validator", () => {
  it("refuses a kind it does not know, naming the kinds it does", () => {
    assert.deepEqual(karpenterResourceProblems({ kind: "NodeClaim" }), [
      "kind: NodeClaim is not a Karpenter kind this program knows (NodePool, EC2NodeClass)",
    ]);
    assert.deepEqual(karpenterResourceProblems({}), [
      "kind: undefined is not a Karpenter kind this program knows (NodePool, EC2NodeClass)",
    ]);
    // Only a string is a kind: a list holding one is not looked up as the kind it would print as.
    assert.deepEqual(karpenterResourceProblems({ kind: ["NodePool"] }), [
      "kind: NodePool is not a Karpenter kind this program knows (NodePool, EC2NodeClass)",
    ]);
    assert.deepEqual(karpenterResourceProblems({ kind: 7 }), [
      "kind: 7 is not a Karpenter kind this program knows (NodePool, EC2NodeClass)",
    ]);
  });

  it("reports a NodePool the CRD refuses", () => {
    const refused = {
      apiVersion: "karpenter.sh/v1",
      kind: "NodePool",
      metadata: { name: "x" },
      spec: {
        template: { spec: { nodeClassRef: { group: "g", kind: "k", name: "n" }, requirements: [] } },
        disruption: { consolidationPolicy: "Sometimes" },
      },
    };
    const problems = karpenterResourceProblems(refused);
    assert.ok(
      problems.some((p) => p.includes("consolidationPolicy")),
      problems.join("\n"),
    );
  });

  it("claims both Karpenter API groups and nothing else", () => {
    const group = KARPENTER_RESOURCE_VALIDATOR.group;
    assert.equal(group.test("karpenter.sh/v1"), true);
    assert.equal(group.test("karpenter.k8s.aws/v1"), true);
    assert.equal(group.test("karpenterXsh/v1"), false);
    assert.equal(group.test("karpenter.k8sXaws/v1"), false);
    assert.equal(group.test("karpenter.sh"), false);
    assert.equal(group.test("xkarpenter.sh/v1"), false);
    assert.equal(group.test("karpenter.io/v1"), false);
    assert.equal(KARPENTER_RESOURCE_VALIDATOR.problems, karpenterResourceProblems);
  });

  it("reads the CRDs from upstream/karpenter", () => {
    assert.equal(KARPENTER_UPSTREAM_DIR, join(ROOT, "upstream", "karpenter"));
    assert.deepEqual(KARPENTER_CRD_FILES, {
      NodePool: "karpenter.sh_nodepools.yaml",
      EC2NodeClass: "karpenter.k8s.aws_ec2nodeclasses.yaml",
    });
  });
});

describe("the controller's chart values", () => {
  const values = karpenterControllerValues({
    clusterName: "game-infra-dev",
    region: "eu-west-1",
    interruptionQueue: "game-infra-dev-karpenter",
    roleArn: "arn:aws:iam::123456789012:role/dev-karpenter-controller",
    nodeSelector: { "game-infra/pool": "system" },
    tolerations: [
      {
        key: "node.kubernetes.io/unreachable",
        operator: "Exists",
        effect: "NoExecute",
        tolerationSeconds: 60,
      },
    ],
  });

  it("are two replicas on the system pool with IRSA, the region, the cluster and the queue", () => {
    assert.deepEqual(values, {
      serviceAccount: {
        create: true,
        name: "karpenter",
        annotations: {
          "eks.amazonaws.com/role-arn": "arn:aws:iam::123456789012:role/dev-karpenter-controller",
        },
      },
      replicas: 2,
      podDisruptionBudget: { name: "karpenter", maxUnavailable: 1 },
      nodeSelector: { "game-infra/pool": "system" },
      tolerations: [
        { key: "CriticalAddonsOnly", operator: "Exists", effect: "NoSchedule" },
        {
          key: "node.kubernetes.io/unreachable",
          operator: "Exists",
          effect: "NoExecute",
          tolerationSeconds: 60,
        },
      ],
      controller: {
        env: [{ name: "AWS_REGION", value: "eu-west-1" }],
        resources: { requests: { cpu: "500m", memory: "1Gi" }, limits: { cpu: "1", memory: "1Gi" } },
      },
      settings: { clusterName: "game-infra-dev", interruptionQueue: "game-infra-dev-karpenter" },
    });
  });

  it("set only keys the vendored 1.14.1 chart has, and the chart's VM memory overhead is the one sizing assumes", () => {
    const chart = parse(readFileSync(join(ROOT, "upstream", "karpenter", "values.yaml"), "utf8")) as Record<
      string,
      Record<string, unknown>
    >;
    for (const [key, value] of Object.entries(values)) {
      assert.ok(key in chart, `${key} is a chart value`);
      if (["serviceAccount", "podDisruptionBudget", "controller", "settings"].includes(key)) {
        for (const inner of Object.keys(value as object)) assert.ok(inner in chart[key]!, `${key}.${inner}`);
      }
    }
    assert.equal(chart.settings!.vmMemoryOverheadPercent, KARPENTER_VM_MEMORY_OVERHEAD);
    assert.equal(KARPENTER_VM_MEMORY_OVERHEAD, 0.075);
  });

  it("name the controller's namespace, service account and releases", () => {
    assert.deepEqual(
      [KARPENTER_NAMESPACE, KARPENTER_SERVICE_ACCOUNT, KARPENTER_RELEASE, KARPENTER_CRD_RELEASE],
      ["kube-system", "karpenter", "karpenter", "karpenter-crd"],
    );
    assert.deepEqual(CRITICAL_ADDONS_TOLERATION, {
      key: "CriticalAddonsOnly",
      operator: "Exists",
      effect: "NoSchedule",
    });
    assert.deepEqual(KARPENTER_CONTROLLER_RESOURCES, {
      requests: { cpu: "500m", memory: "1Gi" },
      limits: { cpu: "1", memory: "1Gi" },
    });
  });
});

describe("the interruption queue and its rules", () => {
  it("follow the template's five EventBridge rules, resource for resource", () => {
    const template = karpenterTemplate();
    const rules = Object.entries(template).filter(([, r]) => r.Type === "AWS::Events::Rule");
    assert.deepEqual(
      INTERRUPTION_RULES.map((r) => r.templateResource).sort(),
      rules.map(([id]) => id).sort(),
    );
    for (const rule of INTERRUPTION_RULES) {
      assert.deepEqual(rule.pattern, template[rule.templateResource]!.Properties.EventPattern, rule.key);
      assert.ok(rule.description.length > 20, `${rule.key} says what it is for`);
    }
    assert.deepEqual(
      INTERRUPTION_RULES.map((r) => r.key),
      [
        "scheduled-change",
        "spot-interruption",
        "rebalance",
        "instance-state-change",
        "capacity-reservation-interruption",
      ],
    );
  });

  it("keeps messages as long as the template's queue, and is named after the cluster", () => {
    assert.equal(
      INTERRUPTION_QUEUE_RETENTION_SECONDS,
      karpenterTemplate().KarpenterInterruptionQueue!.Properties.MessageRetentionPeriod,
    );
    assert.equal(INTERRUPTION_QUEUE_RETENTION_SECONDS, 300);
    assert.equal(interruptionQueueName("game-infra-dev"), "game-infra-dev-karpenter");
  });
});

describe("pool limits and sizing rules", () => {
  const collector = { cpuMillicores: 50, memoryMiB: 64 };

  it("reads limits in millicores and whole MiB", () => {
    assert.deepEqual(poolLimits({ limits: { cpu: "1500m", memory: "1536Mi" } }), {
      cpuMillicores: 1500,
      memoryMiB: 1536,
    });
    assert.deepEqual(poolLimits({ limits: { cpu: "2", memory: "1048577" } }), {
      cpuMillicores: 2000,
      memoryMiB: 1,
    });
  });

  it("refuses limits that are not quantities, naming the field and the value", () => {
    assert.throws(() => poolLimits({ limits: { cpu: "lots", memory: "1Gi" } }), {
      name: "RangeError",
      message: 'limits.cpu "lots" is not a CPU quantity',
    });
    assert.throws(() => poolLimits({ limits: { cpu: "4", memory: "1 GB" } }), {
      name: "RangeError",
      message: 'limits.memory "1 GB" is not a memory quantity',
    });
  });

  it("gives no negative capacity when the DaemonSets take more than a node", () => {
    // 8 CPU allow two 4-vCPU nodes; 64 GiB would allow four (floor(16384 x 0.925) = 15155 MiB each).
    assert.deepEqual(
      poolCapacity(
        { instanceFamilies: ["m6i"], instanceSizes: ["xlarge"], limits: { cpu: "8", memory: "64Gi" } },
        { cpuMillicores: 5000, memoryMiB: 20000 },
      ),
      { cpu: "0", memory: "0", nodes: 2, cpuMillicores: 0, memoryMiB: 0 },
    );
  });

  it("refuses a size too small for a pod's CPU alone or its memory alone, at one unit past the room", () => {
    // m6i.large: 2000 - 70 - 50 = 1880m; floor(8192 x 0.925) = 7577 - 574 - 100 - 64 = 6839 MiB.
    const small = {
      instanceFamilies: ["m6i"],
      instanceSizes: ["large"],
      limits: { cpu: "40", memory: "160Gi" },
    };
    const fields = (cpuMillicores: number, memoryMiB: number) =>
      poolSizingProblems(small, collector, [{ name: "server", cpuMillicores, memoryMiB }]).map(
        (p) => p.message,
      );
    assert.deepEqual(fields(1881, 6839), [
      "m6i.large leaves 1880m CPU and 6839 MiB after the kubelet's reservations and the DaemonSets, less than an environment's server pod requests (1881m CPU, 6839 MiB): too small for this pool",
    ]);
    assert.equal(fields(1880, 6840).length, 1);
    assert.deepEqual(fields(1880, 6839), []);
  });

  it("names the first pod that does not fit, and each allowed size that is too small", () => {
    const problems = poolSizingProblems(
      {
        instanceFamilies: ["m6i"],
        instanceSizes: ["large", "xlarge"],
        limits: { cpu: "40", memory: "160Gi" },
      },
      collector,
      [
        { name: "api", cpuMillicores: 100, memoryMiB: 128 },
        { name: "couchbase", cpuMillicores: 3000, memoryMiB: 4096 },
        { name: "redis", cpuMillicores: 3000, memoryMiB: 4096 },
      ],
    );
    assert.deepEqual(problems, [
      {
        field: "instanceSizes",
        message:
          "m6i.large leaves 1880m CPU and 6839 MiB after the kubelet's reservations and the DaemonSets, less than an environment's couchbase pod requests (3 CPU, 4096 MiB): too small for this pool",
      },
    ]);
  });

  it("refuses a type over a third of the memory limit alone, with the limits in the message", () => {
    // m6i.2xlarge: 8 vCPU, 32 GiB; three of them are 24 CPU and 96 GiB.
    const problems = poolSizingProblems(
      { instanceFamilies: ["m6i"], instanceSizes: ["2xlarge"], limits: { cpu: "24", memory: "95Gi" } },
      collector,
      [],
    );
    assert.deepEqual(problems, [
      {
        field: "instanceSizes",
        message:
          "m6i.2xlarge (8 vCPU, 32 GiB) is more than a third of the pool's limits (24 CPU, 95Gi): at full size the pool would be fewer than three nodes, so one node would take a third or more of the environments down; raise limits or allow smaller sizes",
      },
    ]);
    assert.deepEqual(
      poolSizingProblems(
        { instanceFamilies: ["m6i"], instanceSizes: ["2xlarge"], limits: { cpu: "24000m", memory: "96Gi" } },
        collector,
        [],
      ),
      [],
    );
  });
});

describe("working hours", () => {
  const hours = (
    start: string,
    end: string,
    timeZone = "UTC",
    days: readonly (typeof WEEKDAYS)[number][] = weekdays,
  ) => ({
    timeZone,
    days,
    start,
    end,
  });

  it("accept times from 00:00 to 23:59 and refuse 24:00, minutes past 59 and single-digit hours", () => {
    assert.deepEqual(workingHoursProblems(hours("00:00", "23:59")), []);
    assert.deepEqual(workingHoursProblems(hours("19:00", "20:59")), []);
    assert.deepEqual(workingHoursProblems(hours("09:00", "24:00")), [
      { field: "end", message: '"24:00" is not a time of day written HH:MM (00:00-23:59)' },
    ]);
    assert.deepEqual(workingHoursProblems(hours("9:00", "17:60")), [
      { field: "start", message: '"9:00" is not a time of day written HH:MM (00:00-23:59)' },
      { field: "end", message: '"17:60" is not a time of day written HH:MM (00:00-23:59)' },
    ]);
    assert.deepEqual(
      workingHoursProblems(hours(" 09:00", "17:00 ")).map((p) => p.field),
      ["start", "end"],
    );
  });

  it("compare start and end only when both are times (one bad time is one problem)", () => {
    assert.deepEqual(workingHoursProblems(hours("9:00", "08:00")), [
      { field: "start", message: '"9:00" is not a time of day written HH:MM (00:00-23:59)' },
    ]);
    assert.deepEqual(workingHoursProblems(hours("09:00", "8:00")), [
      { field: "end", message: '"8:00" is not a time of day written HH:MM (00:00-23:59)' },
    ]);
  });

  it("need the end at least a minute after the start", () => {
    assert.deepEqual(workingHoursProblems(hours("09:00", "09:00")), [
      { field: "end", message: "must be after start (09:00), on the same day" },
    ]);
    assert.deepEqual(workingHoursProblems(hours("09:00", "09:01")), []);
  });

  it("need at least one day, each once", () => {
    assert.deepEqual(workingHoursProblems(hours("09:00", "17:00", "UTC", [])), [
      { field: "days", message: "needs at least one day" },
    ]);
    assert.deepEqual(workingHoursProblems(hours("09:00", "17:00", "UTC", ["Mon", "Tue", "Mon"])), [
      { field: "days", message: "lists a day twice" },
    ]);
  });

  it("need an IANA time zone, named in the message", () => {
    assert.deepEqual(workingHoursProblems(hours("09:00", "17:00", "Mars/Olympus")), [
      {
        field: "timeZone",
        message: '"Mars/Olympus" is not an IANA time zone such as Europe/Berlin or Asia/Seoul',
      },
    ]);
    assert.equal(isTimeZone("Mars/Olympus"), false);
    assert.equal(isTimeZone("America/Argentina/Buenos_Aires"), true);
    assert.equal(isTimeZone("Etc/GMT+5"), true);
    // Legal for the runtime, but not Area/Location names: refused before the runtime is asked.
    assert.equal(isTimeZone("EST5EDT"), false);
    assert.equal(isTimeZone("GMT0"), false);
    assert.equal(isTimeZone("Europe/Berlin/"), false);
    assert.equal(isTimeZone(" Europe/Berlin"), false);
    assert.equal(isTimeZone(""), false);
  });

  it("refuse to become a window, with every problem named", () => {
    assert.throws(() => workingHoursWindow(hours("18:00", "09:00", "UTC", [])), {
      name: "RangeError",
      message:
        "invalid working hours: days needs at least one day; end must be after start (18:00), on the same day",
    });
  });

  it("read every UTC offset of the reference year, sorted numerically, west of UTC too", () => {
    assert.equal(REFERENCE_YEAR, 2026);
    assert.deepEqual(utcOffsetsMinutes("UTC"), [0]);
    assert.deepEqual(utcOffsetsMinutes("America/St_Johns"), [-210, -150]);
    assert.deepEqual(utcOffsetsMinutes("Australia/Lord_Howe"), [630, 660]);
    assert.deepEqual(utcOffsetsMinutes("Asia/Kolkata", 2024), [330]);
  });

  it("write windows under an hour in minutes and keep the start's minutes", () => {
    assert.deepEqual(workingHoursWindow(hours("09:15", "10:00")), {
      schedule: "15 9 * * 1-5",
      duration: "45m",
    });
    assert.deepEqual(workingHoursWindow(hours("23:58", "23:59", "UTC", ["Sat"])), {
      schedule: "58 23 * * 6",
      duration: "1m",
    });
  });

  it("wrap Saturday to Sunday when the window starts the next day in UTC", () => {
    // 18:00 EDT (UTC-4) is 22:00 UTC, 23:30 EST (UTC-5) is 04:30 UTC: the same UTC day, no shift.
    assert.deepEqual(workingHoursWindow(hours("18:00", "23:30", "America/New_York", ["Fri", "Sat"])), {
      schedule: "0 22 * * 5,6",
      duration: "6h30m",
    });
    // 20:30 PDT (UTC-7) is 03:30 UTC on Sunday; 23:30 PST (UTC-8) is 07:30 UTC: 4 h.
    assert.deepEqual(workingHoursWindow(hours("20:30", "23:30", "America/Los_Angeles", ["Sat"])), {
      schedule: "30 3 * * 0",
      duration: "4h",
    });
  });

  it("write days as cron does: sorted, runs of three or more as ranges, pairs as lists", () => {
    assert.equal(cronDays([]), "");
    assert.equal(cronDays([3]), "3");
    assert.equal(cronDays([1, 0]), "0,1");
    assert.equal(cronDays([2, 0, 1]), "0-2");
    assert.equal(cronDays([1, 1, 2, 3]), "1-3");
    assert.equal(cronDays([0, 1, 2, 4, 5, 6]), "0-2,4-6");
    assert.equal(cronDays([0, 2, 3, 5, 6]), "0,2,3,5,6");
    assert.deepEqual(WEEKDAYS, ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]);
  });
});
