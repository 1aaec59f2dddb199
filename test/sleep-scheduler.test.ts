/**
 * kube-green on the platform stacks (`components/sleep-scheduler.ts`, `lib/kube-green.ts`): the
 * vendored upstream files are the pinned version's, the chart values exist in the chart, the
 * controller runs on the system pool with the grace tolerations, its namespace's Pod Security and
 * NetworkPolicies, and the SleepInfo validator built from the vendored CRD.
 */
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { before, describe, it } from "node:test";
import * as k8s from "@pulumi/kubernetes";
import { parse } from "yaml";
import { SleepScheduler } from "../components/sleep-scheduler";
import { KUBE_GREEN_CHART } from "../lib/charts";
import { SERVER_ROLES } from "../lib/environment/servers";
import { sleepInfoManifest } from "../lib/environment/sleep";
import { kubeGreenControllerValues, kubeGreenResourceProblems, sleepInfoValidator } from "../lib/kube-green";
import { ROOT, runComponent, runStack, type Registered } from "./harness";

type Json = Record<string, unknown>;
const inputs = (r: { inputs: unknown }) => r.inputs as Json;
const vendored = (file: string) => readFileSync(join(ROOT, "upstream", "kube-green", file), "utf8");
/** `git hash-object`: ties a vendored file to the blob its SOURCE.md names. */
const gitBlob = (text: string) =>
  createHash("sha1")
    .update(`blob ${Buffer.byteLength(text)}\0${text}`)
    .digest("hex");

const RELEASE = "kubernetes:helm.sh/v3:Release";
const SCHEDULE = { weekdays: "1-5", sleepAt: "20:00", wakeUpAt: "08:00", timeZone: "Europe/Berlin" };
const NAMESPACE = "kubernetes:core/v1:Namespace";
const POLICY = "kubernetes:networking.k8s.io/v1:NetworkPolicy";

describe("upstream/kube-green", () => {
  it("holds the 0.7.1 files byte for byte, as SOURCE.md lists them", () => {
    assert.equal(KUBE_GREEN_CHART.version, "0.7.1", "re-vendor upstream/kube-green/ for a new chart version");
    const source = vendored("SOURCE.md");
    for (const [file, blob] of [
      ["kube-green.com_sleepinfos.yaml", "39152b4fcdb0b27a7316f497c6767d122630f59a"],
      ["values.yaml", "7fbf9530e8ac6ae6d31582c04610d011181323e4"],
      ["chart-templates/webhook.yaml", "bba9a7ffef4c560ad637b1ed9bdcde68acc5b357"],
      ["chart-templates/webhook-job-cert-gen.yaml", "0c067a2c940b6ed439171fbdc78db92d540ed8cf"],
      ["chart-templates/cluster_role.yaml", "e92c2d0573deb639648b411317c87eaf5efe3790"],
    ] as const) {
      assert.equal(gitBlob(vendored(file)), blob, file);
      assert.ok(
        source.includes(`\`${file}\``) && source.includes(blob),
        `SOURCE.md names ${file} and ${blob}`,
      );
    }
    assert.match(vendored("values.yaml"), /^ {4}tag: "0\.7\.1"$/m, "the values are the 0.7.1 chart's");
  });

  it("pins a chart the repository publishes, at the version and repository the program installs", () => {
    const index = parse(vendored("helm-repository.excerpt.yaml")) as {
      entries: { "kube-green": Array<{ version: string; appVersion: string }> };
    };
    const entry = index.entries["kube-green"].find((e) => e.version === KUBE_GREEN_CHART.version);
    assert.deepEqual(entry && [entry.version, entry.appVersion], ["0.7.1", "0.7.1"]);
    assert.equal(KUBE_GREEN_CHART.repository, "https://kube-green.github.io/helm-charts/");
    assert.equal(KUBE_GREEN_CHART.chart, "kube-green");
  });

  it("gives a validator for the namespaced v1alpha1 SleepInfo", () => {
    const validator = sleepInfoValidator();
    assert.deepEqual(
      [validator.group, validator.kind, validator.versions, validator.scope],
      ["kube-green.com", "SleepInfo", ["v1alpha1"], "Namespaced"],
    );
  });

  it("rejects what the CRD rejects: a SleepInfo without weekdays, a number for a time, another kind", () => {
    const base = {
      apiVersion: "kube-green.com/v1alpha1",
      kind: "SleepInfo",
      metadata: { name: "sleep-schedule", namespace: "dev1" },
      spec: { weekdays: "1-5", sleepAt: "20:00", wakeUpAt: "08:00" },
    };
    assert.deepEqual(kubeGreenResourceProblems(base), []);
    const { weekdays: _weekdays, ...noWeekdays } = base.spec;
    assert.match(kubeGreenResourceProblems({ ...base, spec: noWeekdays }).join("\n"), /spec.*weekdays/);
    assert.match(
      kubeGreenResourceProblems({ ...base, spec: { ...base.spec, sleepAt: 2000 } }).join("\n"),
      /spec\.sleepAt/,
    );
    assert.deepEqual(kubeGreenResourceProblems({ ...base, kind: "SleepPlan" }), [
      "kind: SleepPlan is not a kube-green kind this program knows (SleepInfo)",
    ]);
    assert.match(
      kubeGreenResourceProblems({ ...base, metadata: { name: "sleep-schedule" } }).join("\n"),
      /namespace/,
    );
  });
});

describe("kube-green's permissions cover what every environment's SleepInfo scales", () => {
  /** The chart's manager rules (its aggregated ClusterRole), without the Helm label template. */
  const rules = () => {
    const [first] = vendored("chart-templates/cluster_role.yaml")
      .split(/^---$/m)
      .filter((d) => d.trim());
    const role = parse(first!.replace(/^ {2}labels: \{\{.*\}\}$/m, "")) as {
      metadata: { name: string };
      rules: Array<{ apiGroups: string[]; resources: string[]; verbs: string[] }>;
    };
    assert.equal(role.metadata.name, "kube-green-manager-role-aggregate");
    return role.rules;
  };
  const allows = (group: string, resource: string, verb: string) =>
    rules().some(
      (r) => r.apiGroups.includes(group) && r.resources.includes(resource) && r.verbs.includes(verb),
    );

  it("every server of an environment is a Deployment or a StatefulSet, the kinds the SleepInfo suspends", () => {
    assert.deepEqual(
      Object.entries(SERVER_ROLES).map(([name, role]) => `${name}:${role.kind}`),
      [
        "gameserver:Deployment",
        "league:Deployment",
        "scheduler:Deployment",
        "backoffice:Deployment",
        "couchbase:StatefulSet",
      ],
    );
    const spec = sleepInfoManifest({ namespace: "dev1", labels: {} }, SCHEDULE).spec;
    assert.equal(spec.suspendDeployments, true);
    assert.equal(spec.suspendStatefulSets, true);
    // Both kinds are kube-green's own (its default patches); the SleepInfo needs no patches of its own.
    assert.equal("patches" in spec, false);
    const excerpt = vendored("sleep.excerpt.go.txt");
    assert.match(
      excerpt,
      /var deploymentPatch = Patch\{\n\tTarget: DeploymentTarget,\n\tPatch: `\n- op: add\n {2}path: \/spec\/replicas\n {2}value: 0`/,
    );
    assert.match(
      excerpt,
      /var statefulSetPatch = Patch\{\n\tTarget: StatefulSetTarget,\n\tPatch: `\n- op: add\n {2}path: \/spec\/replicas\n {2}value: 0`/,
    );
  });

  it("lets the controller read and patch Deployments and StatefulSets, and keep the replicas to restore in Secrets", () => {
    for (const resource of ["deployments", "statefulsets"]) {
      for (const verb of ["get", "list", "watch", "patch", "update"]) {
        assert.ok(allows("apps", resource, verb), `apps/${resource}: ${verb}`);
      }
    }
    for (const verb of ["get", "list", "watch", "create", "update", "delete"]) {
      assert.ok(allows("", "secrets", verb), `secrets: ${verb}`);
    }
    assert.ok(allows("kube-green.com", "sleepinfos", "watch"));
    assert.ok(allows("kube-green.com", "sleepinfos/status", "update"));
    // Nothing the program relies on is left to the chart's optional custom role.
    const values = parse(vendored("values.yaml")) as { rbac: { customClusterRole: { enabled: boolean } } };
    assert.equal(values.rbac.customClusterRole.enabled, false);
    assert.equal("rbac" in kubeGreenControllerValues({ nodeSelector: {}, tolerations: [] }), false);
  });
});

describe("kube-green on the dev platform stack", () => {
  let registered: Registered;
  before(async () => {
    ({ registered } = await runStack("dev"));
  });

  it("installs the pinned chart from its repository into its own namespace, keeping the CRD", () => {
    const release = inputs(registered.one(RELEASE, "dev-sleep-scheduler-controller"));
    assert.deepEqual(
      [
        release.name,
        release.chart,
        release.version,
        release.namespace,
        release.createNamespace,
        release.atomic,
      ],
      ["kube-green", "kube-green", "0.7.1", "kube-green", false, true],
    );
    assert.deepEqual(release.repositoryOpts, { repo: "https://kube-green.github.io/helm-charts/" });
    assert.deepEqual(release.values, {
      manager: { metrics: { enabled: false } },
      certManager: { enabled: false },
      jobsCert: { enabled: true },
      nodeSelector: { "game-infra/pool": "system" },
      tolerations: [
        {
          key: "node.kubernetes.io/not-ready",
          operator: "Exists",
          effect: "NoExecute",
          tolerationSeconds: 200,
        },
        {
          key: "node.kubernetes.io/unreachable",
          operator: "Exists",
          effect: "NoExecute",
          tolerationSeconds: 200,
        },
      ],
      crds: { enabled: true, keep: true },
    });
  });

  it("sets only chart values the pinned chart's values.yaml has", () => {
    const chart = parse(vendored("values.yaml")) as Json;
    const values = inputs(registered.one(RELEASE, "dev-sleep-scheduler-controller")).values as Json;
    const undocumented: string[] = [];
    const walk = (ours: Json, theirs: Json, path: string) => {
      for (const [k, v] of Object.entries(ours)) {
        if (!(k in theirs)) undocumented.push(`${path}${k}`);
        else if (v && typeof v === "object" && !Array.isArray(v) && k !== "nodeSelector") {
          walk(v as Json, theirs[k] as Json, `${path}${k}.`);
        }
      }
    };
    walk(values, chart, "");
    assert.deepEqual(undocumented, []);
  });

  it("places the controller through the chart's nodeSelector and tolerations, and makes the webhook certificate without cert-manager", () => {
    const deployment = vendored("chart-deployment.excerpt.yaml");
    assert.match(deployment, /\{\{- with \.Values\.nodeSelector \}\}\n {6}nodeSelector:/);
    assert.match(deployment, /\{\{- with \.Values\.tolerations \}\}\n {6}tolerations:/);
    assert.match(deployment, /runAsNonRoot: true/);
    assert.match(
      vendored("chart-templates/webhook-job-cert-gen.yaml"),
      /^\{\{- if and \(not \.Values\.certManager\.enabled\) \.Values\.jobsCert\.enabled \}\}/,
    );
  });

  it("enforces baseline Pod Security in the namespace, because the chart's certificate Job does not say runAsNonRoot", () => {
    const certJob = vendored("chart-templates/webhook-job-cert-gen.yaml");
    assert.equal(certJob.includes("runAsNonRoot"), false);
    const namespace = inputs(registered.one(NAMESPACE, "dev-sleep-scheduler-namespace"));
    assert.deepEqual(namespace.metadata, {
      name: "kube-green",
      labels: {
        "app.kubernetes.io/part-of": "game-infra",
        "app.kubernetes.io/managed-by": "pulumi",
        "pod-security.kubernetes.io/enforce": "baseline",
        "pod-security.kubernetes.io/warn": "restricted",
        "pod-security.kubernetes.io/audit": "restricted",
      },
    });
  });

  it("denies all traffic but DNS, HTTPS out, and the API server's webhook calls from the VPC", () => {
    const specs = Object.fromEntries(
      registered
        .ofType(POLICY)
        .filter((p) => (inputs(p).metadata as Json).namespace === "kube-green")
        .map((p) => [(inputs(p).metadata as Json).name, inputs(p).spec]),
    );
    assert.deepEqual(Object.keys(specs).sort(), [
      "allow-dns",
      "allow-https-egress",
      "allow-webhook",
      "default-deny",
    ]);
    assert.deepEqual(specs["default-deny"], { podSelector: {}, policyTypes: ["Ingress", "Egress"] });
    assert.deepEqual(specs["allow-webhook"], {
      podSelector: {},
      policyTypes: ["Ingress"],
      ingress: [{ from: [{ ipBlock: { cidr: "10.20.0.0/16" } }], ports: [{ protocol: "TCP", port: 9443 }] }],
    });
    // The port the chart's controller serves its webhook on.
    const port = /- containerPort: (\d+)\n\s+name: webhook-server/.exec(
      vendored("chart-deployment.excerpt.yaml"),
    );
    assert.equal(port?.[1], "9443");
  });
});

describe("SleepScheduler's arguments", () => {
  it("refuses a VPC CIDR that is not one and a controller without a node selector, before creating anything", async () => {
    let created = 0;
    await assert.rejects(
      runComponent(() => {
        const provider = new k8s.Provider("k8s", { kubeconfig: "{}" });
        const scheduler = new SleepScheduler("s", {
          cluster: { provider, systemScheduling: { nodeSelector: {}, tolerations: [] }, readyResources: [] },
          vpcCidr: "10.20.0.0/33",
        });
        created++;
        return scheduler;
      }),
      (err: Error) => {
        assert.match(err.message, /vpcCidr: "10\.20\.0\.0\/33" is not an IPv4 CIDR/);
        assert.match(err.message, /cluster\.systemScheduling: needs a node selector/);
        return true;
      },
    );
    assert.equal(created, 0);
  });
});
