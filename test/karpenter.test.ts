/**
 * Karpenter on the platform stacks under the mock runtime: the NodePool and EC2NodeClass each tier
 * gets (literal specs), the Helm releases and their values, CRD validity of every Karpenter object,
 * and that the component refuses bad arguments before creating anything.
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { before, describe, it } from "node:test";
import { parse } from "yaml";
import { Karpenter, type KarpenterArgs } from "../components/karpenter";
import { KARPENTER_CHART, KARPENTER_CRD_CHART } from "../lib/charts";
import { graceTolerations } from "../lib/grace";
import { karpenterResourceProblems } from "../lib/karpenter-crds";
import { formatSchemaProblems, validateKubernetesObjects } from "../tools/plan/k8s-validate";
import { ROOT, runComponent, runStack, type Registered } from "./harness";

type Json = Record<string, unknown>;
const inputs = (r: { inputs: unknown }) => r.inputs as Json;

const NODE_POOL = "kubernetes:karpenter.sh/v1:NodePool";
const NODE_CLASS = "kubernetes:karpenter.k8s.aws/v1:EC2NodeClass";
const RELEASE = "kubernetes:helm.sh/v3:Release";

/** The spec every tier's EC2NodeClass shares but for the sizing, disk and tags. */
function nodeClassSpec(stack: string, kubelet: Json, dataGiB: number, tier: string) {
  return {
    amiSelectorTerms: [{ alias: "bottlerocket@v1.68.1" }],
    role: `${stack}-karpenter-node`,
    subnetSelectorTerms: [0, 1, 2].map((i) => ({ id: `subnet-${stack}-private-${i}` })),
    securityGroupSelectorTerms: [{ id: `sg-game-infra-${stack}-eks-cluster` }],
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
        ebs: { volumeSize: `${dataGiB}Gi`, volumeType: "gp3", encrypted: true, deleteOnTermination: true },
      },
    ],
    kubelet,
    userData:
      '[settings.kubernetes]\nshutdown-grace-period = "90s"\nshutdown-grace-period-for-critical-pods = "30s"\n',
    tags: {
      "game-infra:project": "game-infra",
      "game-infra:stack": stack,
      "game-infra:tier": tier,
      ManagedBy: "pulumi",
      "game-infra:pool": "game",
    },
  };
}

describe("Karpenter on the dev stack", () => {
  let registered: Registered;
  before(async () => {
    ({ registered } = await runStack("dev"));
  });

  it("leaves the system pool a managed node group and gives the game pool no node group", () => {
    assert.deepEqual(
      registered.ofType("eks:index:ManagedNodeGroup").map((r) => r.name),
      ["dev-system"],
    );
  });

  it("writes the game NodePool: spot with on-demand fallback, the game pool's labels and taint, limits, quiet working hours", () => {
    const pool = inputs(registered.one(NODE_POOL));
    assert.deepEqual(pool.metadata, { name: "game", labels: { "app.kubernetes.io/managed-by": "pulumi" } });
    assert.deepEqual(pool.spec, {
      template: {
        metadata: { labels: { "game-infra/pool": "game" } },
        spec: {
          nodeClassRef: { group: "karpenter.k8s.aws", kind: "EC2NodeClass", name: "game" },
          requirements: [
            { key: "karpenter.k8s.aws/instance-family", operator: "In", values: ["m6i", "m6a", "m5"] },
            { key: "karpenter.k8s.aws/instance-size", operator: "In", values: ["xlarge", "2xlarge"] },
            { key: "karpenter.sh/capacity-type", operator: "In", values: ["spot", "on-demand"] },
            { key: "kubernetes.io/arch", operator: "In", values: ["amd64"] },
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
          { nodes: "20%" },
          // 08:00-20:00 in Berlin is 07-19 UTC in winter and 06-18 UTC in summer.
          { nodes: "0", reasons: ["Underutilized", "Drifted"], schedule: "0 6 * * 1-5", duration: "13h" },
        ],
      },
    });
  });

  it("puts on game nodes exactly the taint and label the environments' scheduling tolerates and selects", async () => {
    const { outputs } = await runStack("dev");
    const pool = inputs(registered.one(NODE_POOL)).spec as {
      template: { metadata: { labels: Json }; spec: { taints: Json[] } };
    };
    assert.deepEqual(outputs.environmentSettings.gameScheduling.nodeSelector, pool.template.metadata.labels);
    assert.deepEqual(outputs.environmentSettings.gameScheduling.tolerations.slice(0, 1), [
      { key: "game-infra/pool", operator: "Equal", value: "game", effect: "NoSchedule" },
    ]);
    assert.deepEqual(pool.template.spec.taints, [
      { key: "game-infra/pool", value: "game", effect: "NoSchedule" },
    ]);
  });

  it("writes the game EC2NodeClass: Bottlerocket pinned, IMDSv2 hop limit 1, encrypted gp3, kubelet for an m5/m6a/m6i.xlarge", () => {
    const nodeClass = inputs(registered.one(NODE_CLASS));
    assert.deepEqual(nodeClass.metadata, {
      name: "game",
      labels: { "app.kubernetes.io/managed-by": "pulumi" },
    });
    // xlarge: 4 ENIs x (15 - 1) + 2 = 58 pods; 11 x 58 + 255 = 893 MiB; 60m + 10m + 2 x 5m = 80m.
    assert.deepEqual(
      nodeClass.spec,
      nodeClassSpec(
        "dev",
        {
          maxPods: 58,
          kubeReserved: { cpu: "80m", memory: "893Mi", "ephemeral-storage": "1Gi" },
          evictionHard: { "memory.available": "100Mi" },
        },
        60,
        "dev",
      ),
    );
  });

  it("sizes the game kubelet as the managed node groups would (same reserved figures as before)", () => {
    const kubelet = (inputs(registered.one(NODE_CLASS)).spec as { kubelet: Json }).kubelet;
    assert.equal((kubelet as { systemReserved?: unknown }).systemReserved, undefined);
    const system = inputs(registered.one("eks:index:ManagedNodeGroup", "system"));
    const k8s = (system.bottlerocketSettings as { settings: { kubernetes: Json } }).settings.kubernetes;
    assert.deepEqual(k8s["eviction-hard"], kubelet.evictionHard);
    assert.equal(k8s["shutdown-grace-period"], "90s");
  });

  it("installs the CRD chart, then the controller chart without its crds/ folder, both pinned to 1.14.1 in kube-system", () => {
    const crd = inputs(registered.one(RELEASE, "dev-karpenter-crd"));
    const controller = inputs(registered.one(RELEASE, "dev-karpenter-controller"));
    assert.deepEqual(
      [crd.name, crd.chart, crd.version, crd.namespace, crd.skipCrds],
      ["karpenter-crd", "oci://public.ecr.aws/karpenter/karpenter-crd", "1.14.1", "kube-system", undefined],
    );
    assert.deepEqual(
      [controller.name, controller.chart, controller.version, controller.namespace, controller.skipCrds],
      ["karpenter", "oci://public.ecr.aws/karpenter/karpenter", "1.14.1", "kube-system", true],
    );
    assert.equal(KARPENTER_CHART.version, KARPENTER_CRD_CHART.version);
    const release = registered.one(RELEASE, "dev-karpenter-controller");
    const crdUrn = registered.one(RELEASE, "dev-karpenter-crd").urn;
    assert.ok(release.dependsOn.includes(crdUrn), "the controller waits for its CRDs");
    const nodePool = registered.one(NODE_POOL);
    assert.ok(nodePool.dependsOn.includes(release.urn) && nodePool.dependsOn.includes(crdUrn));
  });

  it("runs the controller twice on the system pool, with the grace tolerations, IRSA and the interruption queue", () => {
    const values = inputs(registered.one(RELEASE, "dev-karpenter-controller")).values as Json;
    assert.deepEqual(values, {
      serviceAccount: {
        create: true,
        name: "karpenter",
        annotations: {
          "eks.amazonaws.com/role-arn": "arn:aws:iam::123456789012:role/dev-karpenter-controller-role",
        },
      },
      replicas: 2,
      podDisruptionBudget: { name: "karpenter", maxUnavailable: 1 },
      nodeSelector: { "game-infra/pool": "system" },
      tolerations: [
        { key: "CriticalAddonsOnly", operator: "Exists", effect: "NoSchedule" },
        ...graceTolerations(240),
      ],
      controller: {
        env: [{ name: "AWS_REGION", value: "eu-west-1" }],
        resources: { requests: { cpu: "500m", memory: "1Gi" }, limits: { cpu: "1", memory: "1Gi" } },
      },
      settings: { clusterName: "game-infra-dev", interruptionQueue: "game-infra-dev-karpenter" },
    });
    assert.deepEqual(
      graceTolerations(240).map((t) => t.tolerationSeconds),
      [200, 200],
    );
  });

  it("sets only chart values the pinned chart's values.yaml has", () => {
    const chart = parse(readFileSync(join(ROOT, "upstream", "karpenter", "values.yaml"), "utf8")) as Json;
    const values = inputs(registered.one(RELEASE, "dev-karpenter-controller")).values as Json;
    const undocumented: string[] = [];
    const walk = (ours: Json, theirs: Json, path: string) => {
      for (const [k, v] of Object.entries(ours)) {
        if (!(k in theirs)) undocumented.push(`${path}${k}`);
        else if (
          v &&
          typeof v === "object" &&
          !Array.isArray(v) &&
          theirs[k] &&
          typeof theirs[k] === "object"
        ) {
          // Free-form maps (annotations, nodeSelector, resources) may hold any key.
          if (Object.keys(theirs[k] as Json).length > 0 && !["nodeSelector"].includes(k)) {
            walk(v as Json, theirs[k] as Json, `${path}${k}.`);
          }
        }
      }
    };
    walk(values, chart, "");
    assert.deepEqual(undocumented, []);
    // The chart's own placement rules, which the program keeps: never on a node Karpenter launched.
    assert.deepEqual((chart.affinity as Json).nodeAffinity, {
      requiredDuringSchedulingIgnoredDuringExecution: {
        nodeSelectorTerms: [
          { matchExpressions: [{ key: "karpenter.sh/nodepool", operator: "DoesNotExist" }] },
        ],
      },
    });
    assert.equal("affinity" in values, false);
  });

  it("registers only Karpenter objects valid against the pinned chart's CRDs", async () => {
    const objects = registered.resources.filter((r) => r.type === NODE_POOL || r.type === NODE_CLASS);
    assert.equal(objects.length, 2);
    for (const object of objects)
      assert.deepEqual(karpenterResourceProblems(inputs(object)), [], object.type);
    assert.deepEqual(formatSchemaProblems(await validateKubernetesObjects(objects)), []);
  });

  it("makes Karpenter part of what workloads wait for", async () => {
    const component = registered.one("game:index:Karpenter");
    assert.equal(component.parent, registered.one("game:index:GameCluster").urn);
    assert.equal(component.name, "dev-karpenter");
  });
});

describe("Karpenter on the stage stack", () => {
  it("writes an on-demand NodePool of 2xlarge nodes, one disruption at a time, quiet 08:00-22:00 Berlin time", async () => {
    const { registered } = await runStack("stage");
    const spec = inputs(registered.one(NODE_POOL)).spec as {
      template: { spec: { requirements: Json[] } };
      limits: Json;
      disruption: Json;
    };
    assert.deepEqual(spec.template.spec.requirements.slice(0, 3), [
      { key: "karpenter.k8s.aws/instance-family", operator: "In", values: ["m6i", "m6a"] },
      { key: "karpenter.k8s.aws/instance-size", operator: "In", values: ["2xlarge"] },
      { key: "karpenter.sh/capacity-type", operator: "In", values: ["on-demand"] },
    ]);
    assert.deepEqual(spec.limits, { cpu: "72", memory: "288Gi" });
    assert.deepEqual(spec.disruption, {
      consolidationPolicy: "WhenEmptyOrUnderutilized",
      consolidateAfter: "30m",
      budgets: [
        { nodes: "1" },
        { nodes: "0", reasons: ["Underutilized", "Drifted"], schedule: "0 6 * * 1-5", duration: "15h" },
      ],
    });
    // 2xlarge: 8 vCPU, 58 pods (4 ENIs x 14 + 2): 60 + 10 + 2 x 5 + 4 x 2.5 = 90m; 893 MiB.
    assert.deepEqual(
      inputs(registered.one(NODE_CLASS)).spec,
      nodeClassSpec(
        "stage",
        {
          maxPods: 58,
          kubeReserved: { cpu: "90m", memory: "893Mi", "ephemeral-storage": "1Gi" },
          evictionHard: { "memory.available": "100Mi" },
        },
        80,
        "stage",
      ),
    );
    const values = inputs(registered.one(RELEASE, "stage-karpenter-controller")).values as {
      tolerations: Json[];
    };
    assert.ok(
      values.tolerations.some(
        (t) => t.key === "node.kubernetes.io/unreachable" && t.tolerationSeconds === 80,
      ),
    );
  });
});

describe('sleeping environments free game nodes (docs/environments.md, "Sleep schedules")', () => {
  const crd = readFileSync(join(ROOT, "upstream", "karpenter", "karpenter.sh_nodepools.yaml"), "utf8");

  it("the pinned CRD knows the policy and the Empty reason the program relies on", () => {
    assert.match(crd, /^ {24}- WhenEmptyOrUnderutilized$/m);
    assert.match(crd, /^ {32}- Empty$/m);
  });

  for (const tier of ["dev", "qa", "stage"] as const) {
    it(`${tier}: the game NodePool consolidates empty and underused nodes, and no budget ever blocks removing an empty one`, async () => {
      const { registered } = await runStack(tier);
      const pool = registered.ofType(NODE_POOL).find((r) => (inputs(r).metadata as Json).name === "game");
      assert.ok(pool, `${tier} has a game NodePool`);
      const disruption = (inputs(pool).spec as { disruption: Json }).disruption as {
        consolidationPolicy: string;
        consolidateAfter: string;
        budgets: Array<{ nodes: string; reasons?: string[] }>;
      };
      assert.equal(disruption.consolidationPolicy, "WhenEmptyOrUnderutilized");
      assert.match(disruption.consolidateAfter, /^\d+m$/, "never `Never`");
      // The working hours' budget stops Underutilized and Drifted only: a node a sleeping
      // environment emptied may go at any hour.
      for (const budget of disruption.budgets.filter((b) => b.nodes === "0" || b.nodes === "0%")) {
        assert.ok(budget.reasons, `${tier}: a zero budget names its reasons`);
        assert.equal(budget.reasons.includes("Empty"), false, `${tier}: ${JSON.stringify(budget)}`);
      }
      assert.ok(disruption.budgets.some((b) => b.reasons === undefined && b.nodes !== "0"));
    });
  }
});

describe("Karpenter argument validation", () => {
  const valid = (): KarpenterArgs => ({
    clusterName: "c",
    region: "eu-west-1",
    oidcProviderArn: "arn:aws:iam::123456789012:oidc-provider/x",
    oidcIssuer: "x",
    provider: undefined as unknown as KarpenterArgs["provider"],
    subnetIds: ["subnet-a"],
    securityGroupIds: ["sg-a"],
    controllerPool: {
      pool: "system",
      nodeSelector: { "game-infra/pool": "system" },
      tolerations: [],
      labels: { "game-infra/pool": "system" },
      taints: [],
    },
    graceTolerations: graceTolerations(240),
    pools: [
      {
        name: "game",
        instanceFamilies: ["m6i"],
        instanceSizes: ["xlarge"],
        capacityTypes: ["spot", "on-demand"],
        limits: { cpu: "40", memory: "160Gi" },
        consolidateAfter: "5m",
        expireAfter: "720h",
        disruptionBudget: "10%",
        diskSizeGiB: 60,
        dedicated: true,
        labels: {},
      },
    ],
    bottlerocketVersion: "v1.68.1",
    workingHours: { timeZone: "Europe/Berlin", days: ["Mon"], start: "08:00", end: "20:00" },
  });

  it("refuses @latest, a controller on a Karpenter pool and bad working hours, before creating anything", async () => {
    let created = 0;
    await assert.rejects(
      runComponent(() => {
        const args = valid();
        const karpenter = new Karpenter("k", {
          ...args,
          bottlerocketVersion: "latest",
          controllerPool: { ...args.controllerPool, pool: "game" },
          workingHours: { ...args.workingHours, timeZone: "Nowhere/Land" },
        });
        created++;
        return karpenter;
      }),
      (err: Error) => {
        assert.match(err.message, /bottlerocketVersion: "latest" is not a pinned Bottlerocket release/);
        assert.match(err.message, /controllerPool: pool "game" is one Karpenter provisions/);
        assert.match(err.message, /workingHours\.timeZone: "Nowhere\/Land" is not an IANA time zone/);
        return true;
      },
    );
    assert.equal(created, 0);
  });

  it("refuses a manifest its CRD would reject, naming the kind and field", async () => {
    const args = valid();
    await assert.rejects(
      runComponent(
        () => new Karpenter("k", { ...args, pools: [{ ...args.pools[0]!, consolidateAfter: "5 minutes" }] }),
      ),
      /pools\.game\.NodePool: spec\.disruption\.consolidateAfter: "5 minutes" does not match/,
    );
  });
});
