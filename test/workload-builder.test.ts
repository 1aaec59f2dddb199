import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import {
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readlinkSync,
  rmSync,
  symlinkSync,
  writeFileSync,
  chmodSync,
  existsSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import { graceTolerations } from "../lib/grace";
import { chaosLabels } from "../lib/workload/chaos";
import { imageReference, imageTag, isPinnedImage } from "../lib/workload/image";
import { APP_LABELS, COLOR_LABEL, labelValue } from "../lib/workload/labels";
import { buildWorkload, type WorkloadManifests } from "../lib/workload/manifest";
import { httpProbes } from "../lib/workload/probes";
import { seedScript } from "../lib/workload/security";
import { validateWorkloadSpec, type WorkloadSpec } from "../lib/workload/spec";
import { podPlacement, topologySpread } from "../lib/workload/spread";
import {
  mainContainer,
  plain,
  podTemplateOf,
  type Deployment,
  type HorizontalPodAutoscaler,
  type PodDisruptionBudget,
  type Service,
  type StatefulSet,
} from "./support/k8s";

const poolToleration = {
  key: "game-infra/pool",
  operator: "Equal",
  value: "game",
  effect: "NoSchedule",
} as const;

function spec(overrides: Partial<WorkloadSpec> = {}): WorkloadSpec {
  return {
    name: "gameserver",
    namespace: "dev1",
    instance: "dev1",
    image: "123456789012.dkr.ecr.eu-west-1.amazonaws.com/game/gameserver:1.42.0",
    version: "1.42.0",
    port: { name: "http", containerPort: 8080, servicePort: 80 },
    probes: httpProbes("http"),
    resources: { cpu: "250m", memory: "512Mi", memoryLimit: "1Gi" },
    replicas: 1,
    placement: { nodeSelector: { "game-infra/pool": "game" }, tolerations: [poolToleration] },
    graceTolerations: graceTolerations(240),
    ...overrides,
  };
}

function deployments(m: WorkloadManifests): Deployment[] {
  return m.deployments.map((d) => plain<Deployment>(d.args));
}

function only<T>(items: readonly T[]): T {
  assert.equal(items.length, 1, `expected exactly one, got ${items.length}`);
  return items[0]!;
}

function reasons(s: WorkloadSpec): string {
  return validateWorkloadSpec(s)
    .map((p) => `${p.propertyPath}: ${p.reason}`)
    .join("\n");
}

/**
 * Fails unless every absolute path in a shell script lies inside `root`, so that a test can run a
 * script the code under test wrote without risking the machine's own files.
 */
function assertConfinedTo(root: string, script: string): void {
  const paths = script.match(/(?<![\w.-])\/[^\s;&|'"]*/g) ?? [];
  assert.ok(paths.length > 0, `no absolute path in the script:\n${script}`);
  const outside = paths.filter((p) => p !== root && !p.startsWith(`${root}/`));
  assert.deepEqual(outside, [], `the script reaches outside ${root}; not run:\n${script}`);
}

describe("workload builder: images", () => {
  it("builds <registry>/<repository>:<tag> and reads the tag back", () => {
    const image = imageReference(
      "123456789012.dkr.ecr.eu-west-1.amazonaws.com/game/",
      "league-server",
      "1.42.0",
    );
    assert.equal(image, "123456789012.dkr.ecr.eu-west-1.amazonaws.com/game/league-server:1.42.0");
    assert.equal(imageTag(image), "1.42.0");
    assert.equal(imageTag("registry:5000/game/server"), undefined);
  });

  it("accepts only pinned images: a tag other than latest, or a digest", () => {
    assert.ok(isPinnedImage("couchbase/server:7.6.6"));
    assert.ok(isPinnedImage(`couchbase/server@sha256:${"a".repeat(64)}`));
    assert.ok(!isPinnedImage("couchbase/server:latest"));
    assert.ok(!isPinnedImage("couchbase/server"));
    assert.ok(!isPinnedImage("registry:5000/game/server"));
  });

  it("rejects a spec whose image is latest or untagged", () => {
    assert.match(reasons(spec({ image: "repo/gameserver:latest" })), /^image: .* not pinned/m);
    assert.match(reasons(spec({ image: "repo/gameserver" })), /^image: .* not pinned/m);
    assert.equal(reasons(spec()), "");
  });
});

describe("workload builder: the container", () => {
  const container = mainContainer(podTemplateOf(only(deployments(buildWorkload(spec())))));

  it("runs the pinned image on its named port", () => {
    assert.equal(container.image, spec().image);
    assert.deepEqual(container.ports, [{ name: "http", containerPort: 8080, protocol: "TCP" }]);
  });

  it("has startup, readiness and liveness probes, each with its own target and timings", () => {
    // Readiness reacts within 15 s (3 x 5 s); liveness tolerates 30 s of failure (3 x 10 s); the
    // startup probe checks what liveness checks and holds both off for 180 s (36 x 5 s).
    assert.deepEqual(container.readinessProbe, {
      httpGet: { path: "/readyz", port: "http", scheme: "HTTP" },
      periodSeconds: 5,
      timeoutSeconds: 2,
      failureThreshold: 3,
      successThreshold: 1,
    });
    assert.deepEqual(container.livenessProbe, {
      httpGet: { path: "/livez", port: "http", scheme: "HTTP" },
      periodSeconds: 10,
      timeoutSeconds: 5,
      failureThreshold: 3,
      successThreshold: 1,
    });
    assert.deepEqual(container.startupProbe, {
      httpGet: { path: "/livez", port: "http", scheme: "HTTP" },
      periodSeconds: 5,
      timeoutSeconds: 5,
      failureThreshold: 36,
      successThreshold: 1,
    });
  });

  it("refuses readiness and liveness probes that check the same thing", () => {
    const same = { http: { path: "/health", port: "http" } };
    assert.match(reasons(spec({ probes: { readiness: same, liveness: same } })), /^probes: /m);
  });

  it("requests CPU and memory, limits memory, and leaves CPU unlimited", () => {
    assert.deepEqual(container.resources, {
      requests: { cpu: "250m", memory: "512Mi" },
      limits: { memory: "1Gi" },
    });
  });

  it("refuses a memory limit below the request", () => {
    assert.match(
      reasons(spec({ resources: { cpu: "1", memory: "2Gi", memoryLimit: "1Gi" } })),
      /^resources.memoryLimit/m,
    );
  });

  it("runs without privilege: no escalation, all capabilities dropped, read-only root, non-root", () => {
    assert.deepEqual(container.securityContext, {
      runAsNonRoot: true,
      runAsUser: 10001,
      runAsGroup: 10001,
      privileged: false,
      allowPrivilegeEscalation: false,
      readOnlyRootFilesystem: true,
      capabilities: { drop: ["ALL"] },
      seccompProfile: { type: "RuntimeDefault" },
    });
  });

  it("gives the read-only container a writable /tmp on a size-capped emptyDir", () => {
    const template = podTemplateOf(only(deployments(buildWorkload(spec()))));
    assert.deepEqual(container.volumeMounts, [{ name: "tmp", mountPath: "/tmp" }]);
    assert.deepEqual(template.spec?.volumes, [{ name: "tmp", emptyDir: { sizeLimit: "1Gi" } }]);
  });

  it("sleeps before SIGTERM so the load balancer stops sending first, within the grace period", () => {
    assert.deepEqual(container.lifecycle?.preStop?.sleep, { seconds: 10 });
    const template = podTemplateOf(only(deployments(buildWorkload(spec()))));
    assert.equal(template.spec?.terminationGracePeriodSeconds, 45);
    assert.match(reasons(spec({ preStopSleepSeconds: 60 })), /^preStopSleepSeconds/m);
  });

  it("refuses privileged ports and root", () => {
    assert.match(reasons(spec({ port: { name: "http", containerPort: 80 } })), /NET_BIND_SERVICE/);
    assert.match(reasons(spec({ runAs: { user: 0, group: 0 } })), /^runAs/m);
  });
});

describe("workload builder: the pod", () => {
  const template = podTemplateOf(only(deployments(buildWorkload(spec()))));

  it("is non-root with seccomp RuntimeDefault at pod level", () => {
    assert.deepEqual(template.spec?.securityContext, {
      runAsNonRoot: true,
      runAsUser: 10001,
      runAsGroup: 10001,
      fsGroup: 10001,
      fsGroupChangePolicy: "OnRootMismatch",
      seccompProfile: { type: "RuntimeDefault" },
    });
  });

  it("does not mount the service-account token unless asked", () => {
    assert.equal(template.spec?.automountServiceAccountToken, false);
    const withToken = podTemplateOf(only(deployments(buildWorkload(spec({ serviceAccountToken: true })))));
    assert.equal(withToken.spec?.automountServiceAccountToken, true);
  });

  it("gets no service-link variables that would shadow MYSQL_PORT and friends", () => {
    assert.equal(template.spec?.enableServiceLinks, false);
  });

  it("goes to the game pool and carries the cluster's grace tolerations", () => {
    assert.deepEqual(template.spec?.nodeSelector, { "game-infra/pool": "game" });
    assert.deepEqual(template.spec?.tolerations, [poolToleration, ...graceTolerations(240)]);
  });

  it("refuses a spec without the not-ready and unreachable tolerations", () => {
    assert.match(
      reasons(spec({ graceTolerations: [] })),
      /^graceTolerations: .*not-ready and node.kubernetes.io\/unreachable/m,
    );
  });

  it("keeps one toleration per taint when the pool's placement already has the grace tolerations", () => {
    const grace = graceTolerations(240);
    const stale = graceTolerations(600);
    const placed = podPlacement({ nodeSelector: {}, tolerations: [poolToleration, ...stale] }, grace);
    assert.deepEqual(placed.tolerations, [poolToleration, ...grace]);
  });

  it("carries the app.kubernetes.io labels; the selector leaves the version out", () => {
    const deployment = only(deployments(buildWorkload(spec())));
    const expected = {
      [APP_LABELS.name]: "gameserver",
      [APP_LABELS.instance]: "dev1",
      [APP_LABELS.version]: "1.42.0",
      [APP_LABELS.component]: "gameserver",
      [APP_LABELS.partOf]: "game",
      [APP_LABELS.managedBy]: "pulumi",
    };
    assert.deepEqual(deployment.metadata?.labels, expected);
    assert.deepEqual(template.metadata?.labels, expected);
    assert.deepEqual(deployment.spec?.selector?.matchLabels, {
      [APP_LABELS.name]: "gameserver",
      [APP_LABELS.instance]: "dev1",
    });
  });

  it("makes any text a valid label value", () => {
    assert.equal(labelValue("mina.park@studio.example"), "mina.park_at_studio.example");
    assert.equal(labelValue(`v${"1".repeat(100)}-`).length, 63);
    assert.equal(labelValue("1.43.0-login.4"), "1.43.0-login.4");
  });
});

describe("workload builder: replicas, spread, budgets and autoscaling", () => {
  it("spreads more than one replica across zones and nodes, and a single pod not at all", () => {
    const selector = { [APP_LABELS.name]: "gameserver" };
    assert.deepEqual(topologySpread(selector, 1, "required"), []);
    const spread = topologySpread(selector, 3, "preferred");
    assert.deepEqual(
      spread.map((c) => [c.topologyKey, c.whenUnsatisfiable, c.maxSkew]),
      [
        ["topology.kubernetes.io/zone", "ScheduleAnyway", 1],
        ["kubernetes.io/hostname", "ScheduleAnyway", 1],
      ],
    );
    assert.equal(topologySpread(selector, 3, "required")[1]?.whenUnsatisfiable, "DoNotSchedule");
  });

  it("puts the spread on pods that can have company", () => {
    const single = podTemplateOf(only(deployments(buildWorkload(spec()))));
    assert.deepEqual(single.spec?.topologySpreadConstraints, []);
    const replicated = podTemplateOf(only(deployments(buildWorkload(spec({ replicas: 2 })))));
    assert.equal(replicated.spec?.topologySpreadConstraints?.length, 2);
  });

  it("rolls stateless servers one extra pod at a time, never below the asked-for count", () => {
    const deployment = only(deployments(buildWorkload(spec({ replicas: 2 }))));
    assert.deepEqual(deployment.spec?.strategy, {
      type: "RollingUpdate",
      rollingUpdate: { maxUnavailable: 0, maxSurge: 1 },
    });
    assert.equal(deployment.spec?.replicas, 2);
  });

  it("recreates a server that must never run twice, and refuses it more than one replica", () => {
    const deployment = only(deployments(buildWorkload(spec({ release: { type: "recreate" } }))));
    assert.deepEqual(deployment.spec?.strategy, { type: "Recreate" });
    assert.match(reasons(spec({ release: { type: "recreate" }, replicas: 2 })), /^release: /m);
    assert.match(reasons(spec({ release: { type: "recreate" }, maxReplicas: 3 })), /^release: /m);
  });

  it("adds a budget allowing one disruption when there can be more than one pod, and none for one", () => {
    assert.deepEqual(buildWorkload(spec()).podDisruptionBudgets, []);
    const pdb = plain<PodDisruptionBudget>(
      only(buildWorkload(spec({ replicas: 2 })).podDisruptionBudgets).args,
    );
    assert.equal(pdb.spec?.maxUnavailable, 1);
    assert.deepEqual(pdb.spec?.selector?.matchLabels, {
      [APP_LABELS.name]: "gameserver",
      [APP_LABELS.instance]: "dev1",
    });
  });

  it("autoscales on CPU between replicas and maxReplicas, and leaves the Deployment's replicas to the autoscaler", () => {
    const manifests = buildWorkload(spec({ replicas: 2, maxReplicas: 6, autoscaleCpuPercent: 65 }));
    const hpa = plain<HorizontalPodAutoscaler>(only(manifests.autoscalers).args);
    assert.equal(hpa.spec?.minReplicas, 2);
    assert.equal(hpa.spec?.maxReplicas, 6);
    assert.deepEqual(hpa.spec?.scaleTargetRef, {
      apiVersion: "apps/v1",
      kind: "Deployment",
      name: "gameserver",
    });
    assert.equal(hpa.spec?.metrics?.[0]?.resource?.target?.averageUtilization, 65);
    assert.equal(only(deployments(manifests)).spec?.replicas, undefined);
    assert.deepEqual(buildWorkload(spec({ replicas: 2 })).autoscalers, []);
  });

  it("declares the autoscaler's minimum as replicas when pinned, keeping the autoscaler", () => {
    const manifests = buildWorkload(spec({ replicas: 2, maxReplicas: 6, pinReplicas: true }));
    assert.equal(only(deployments(manifests)).spec?.replicas, 2);
    assert.equal(plain<HorizontalPodAutoscaler>(only(manifests.autoscalers).args).spec?.minReplicas, 2);
  });

  it("annotates the Deployment or StatefulSet itself, not its pods or companions", () => {
    const annotations = { "pulumi.com/patchForce": "true" };
    const deployment = only(deployments(buildWorkload(spec({ annotations, maxReplicas: 3 }))));
    assert.deepEqual(deployment.metadata?.annotations, annotations);
    assert.equal(podTemplateOf(deployment).metadata?.annotations?.["pulumi.com/patchForce"], undefined);
    const hpa = plain<HorizontalPodAutoscaler>(
      only(buildWorkload(spec({ annotations, maxReplicas: 3 })).autoscalers).args,
    );
    assert.equal(hpa.metadata?.annotations, undefined);
    assert.equal(only(deployments(buildWorkload(spec()))).metadata?.annotations, undefined);
  });
});

describe("workload builder: Services", () => {
  it("exposes the server on its Service port under its own name", () => {
    const service = plain<Service>(only(buildWorkload(spec()).services).args);
    assert.equal(service.metadata?.name, "gameserver");
    assert.equal(service.spec?.type, "ClusterIP");
    assert.deepEqual(service.spec?.ports, [{ name: "http", port: 80, targetPort: "http", protocol: "TCP" }]);
    assert.deepEqual(service.spec?.selector, {
      [APP_LABELS.name]: "gameserver",
      [APP_LABELS.instance]: "dev1",
    });
  });
});

describe("workload builder: StatefulSet", () => {
  const stateful = spec({
    name: "couchbase",
    kind: "StatefulSet",
    image: "couchbase/server:7.6.6",
    port: { name: "rest", containerPort: 8091 },
    probes: { readiness: { http: { path: "/pools", port: "rest" } }, liveness: { tcp: { port: "rest" } } },
    storage: { size: "10Gi", storageClassName: "gp3", mountPath: "/opt/couchbase/var" },
  });
  const manifests = buildWorkload(stateful);
  const set = plain<StatefulSet>(only(manifests.statefulSets).args);

  it("keeps its data on a gp3 volume that outlives the StatefulSet", () => {
    const claim = only(set.spec?.volumeClaimTemplates ?? []);
    assert.equal(claim.spec?.storageClassName, "gp3");
    assert.deepEqual(claim.spec?.resources?.requests, { storage: "10Gi" });
    assert.deepEqual(mainContainer(podTemplateOf(set)).volumeMounts, [
      { name: "tmp", mountPath: "/tmp" },
      { name: "data", mountPath: "/opt/couchbase/var" },
    ]);
    assert.deepEqual(set.spec?.persistentVolumeClaimRetentionPolicy, {
      whenDeleted: "Retain",
      whenScaled: "Retain",
    });
  });

  it("is governed by a headless Service of its own name", () => {
    const service = plain<Service>(only(manifests.services).args);
    assert.equal(set.spec?.serviceName, "couchbase");
    assert.equal(service.metadata?.name, "couchbase");
    assert.equal(service.spec?.clusterIP, "None");
    assert.equal(deployments(manifests).length, 0);
  });

  it("refuses a StatefulSet without a volume, and a volume on a Deployment", () => {
    assert.match(reasons({ ...stateful, storage: undefined }), /^storage: /m);
    assert.match(
      reasons(spec({ storage: { size: "1Gi", storageClassName: "gp3", mountPath: "/data" } })),
      /^storage: /m,
    );
  });
});

describe("workload builder: blue/green", () => {
  const images = (blue: string, green: string) => ({
    blue: { image: `repo/gameserver:${blue}`, version: blue },
    green: { image: `repo/gameserver:${green}`, version: green },
  });
  const blueActive = buildWorkload(
    spec({ release: { type: "blueGreen", active: "blue", images: images("1.42.0", "1.43.0") } }),
  );
  const greenActive = buildWorkload(
    spec({ release: { type: "blueGreen", active: "green", images: images("1.42.0", "1.43.0") } }),
  );

  it("runs one Deployment per colour, each with its own image and colour-scoped selector", () => {
    const [blue, green] = deployments(blueActive);
    assert.equal(blue?.metadata?.name, "gameserver-blue");
    assert.equal(green?.metadata?.name, "gameserver-green");
    assert.equal(mainContainer(podTemplateOf(blue!)).image, "repo/gameserver:1.42.0");
    assert.equal(mainContainer(podTemplateOf(green!)).image, "repo/gameserver:1.43.0");
    assert.equal(green?.spec?.selector?.matchLabels?.[COLOR_LABEL], "green");
  });

  it("points the Service at the active colour and the preview Service at the other", () => {
    const [main, preview] = blueActive.services.map((s) => plain<Service>(s.args));
    assert.equal(main?.metadata?.name, "gameserver");
    assert.equal(main?.spec?.selector?.[COLOR_LABEL], "blue");
    assert.equal(preview?.metadata?.name, "gameserver-preview");
    assert.equal(preview?.spec?.selector?.[COLOR_LABEL], "green");
  });

  it("switches colours by changing the Services' selectors only", () => {
    assert.deepEqual(blueActive.deployments, greenActive.deployments);
    assert.deepEqual(blueActive.autoscalers, greenActive.autoscalers);
    const selectors = (m: WorkloadManifests) =>
      m.services.map((s) => plain<Service>(s.args).spec?.selector?.[COLOR_LABEL]);
    assert.deepEqual(selectors(blueActive), ["blue", "green"]);
    assert.deepEqual(selectors(greenActive), ["green", "blue"]);
  });

  it("checks both colours' images are pinned", () => {
    assert.match(
      reasons(spec({ release: { type: "blueGreen", active: "blue", images: images("1.42.0", "latest") } })),
      /^image: "repo\/gameserver:latest"/m,
    );
  });
});

describe("workload builder: chaos", () => {
  it("labels workload and pods for kube-monkey only when chaos is on", () => {
    const chaos = { mtbfDays: 2, killMode: "fixed" as const, killValue: 1 };
    const deployment = only(deployments(buildWorkload(spec({ chaos }))));
    const expected = {
      "kube-monkey/enabled": "enabled",
      "kube-monkey/identifier": "dev1-gameserver",
      "kube-monkey/mtbf": "2",
      "kube-monkey/kill-mode": "fixed",
      "kube-monkey/kill-value": "1",
    };
    assert.deepEqual(chaosLabels("dev1-gameserver", chaos), expected);
    for (const [k, v] of Object.entries(expected)) {
      assert.equal(deployment.metadata?.labels?.[k], v);
      assert.equal(podTemplateOf(deployment).metadata?.labels?.[k], v);
    }
    const calm = only(deployments(buildWorkload(spec())));
    assert.ok(!Object.keys(calm.metadata?.labels ?? {}).some((k) => k.startsWith("kube-monkey/")));
  });

  it("gives kill-all no kill value", () => {
    assert.equal(
      chaosLabels("x", { mtbfDays: 1, killMode: "kill-all" })["kube-monkey/kill-value"],
      undefined,
    );
  });
});

describe("workload builder: writable paths seeded from the image", () => {
  const seeded = spec({
    name: "couchbase",
    kind: "StatefulSet",
    image: "couchbase/server:7.6.6",
    port: { name: "rest", containerPort: 8091 },
    probes: { readiness: { http: { path: "/pools", port: "rest" } }, liveness: { tcp: { port: "rest" } } },
    storage: { size: "10Gi", storageClassName: "gp3", mountPath: "/opt/couchbase/var" },
    runAs: { user: 1000, group: 1000 },
    writablePaths: [
      { name: "tmp", mountPath: "/tmp" },
      { name: "couchbase-etc", mountPath: "/opt/couchbase/etc", seedFromImage: true },
    ],
  });
  const template = podTemplateOf(plain<StatefulSet>(only(buildWorkload(seeded).statefulSets).args));

  it("mounts an emptyDir at the path and fills it first from the same image, as the same restricted user", () => {
    const main = mainContainer(template);
    assert.deepEqual(main.volumeMounts, [
      { name: "tmp", mountPath: "/tmp" },
      { name: "couchbase-etc", mountPath: "/opt/couchbase/etc" },
      { name: "data", mountPath: "/opt/couchbase/var" },
    ]);
    assert.deepEqual(
      template.spec?.volumes?.find((v) => v.name === "couchbase-etc"),
      { name: "couchbase-etc", emptyDir: { sizeLimit: "1Gi" } },
    );
    const init = only(template.spec?.initContainers ?? []);
    assert.equal(init.name, "seed-writable-paths");
    assert.equal(init.image, "couchbase/server:7.6.6");
    assert.deepEqual(init.securityContext, main.securityContext);
    assert.equal(init.securityContext?.readOnlyRootFilesystem, true);
    assert.equal(init.securityContext?.runAsUser, 1000);
    assert.deepEqual(init.volumeMounts, [{ name: "couchbase-etc", mountPath: "/seed/couchbase-etc" }]);
    assert.deepEqual(init.command?.slice(0, 2), ["/bin/sh", "-c"]);
    assert.match(init.command![2]!, /cp -R -P \/opt\/couchbase\/etc\/\. \/seed\/couchbase-etc\//);
    assert.deepEqual(init.resources, {
      requests: { cpu: "50m", memory: "64Mi" },
      limits: { memory: "128Mi" },
    });
  });

  it("adds no init container when nothing is seeded", () => {
    assert.equal(podTemplateOf(only(deployments(buildWorkload(spec())))).spec?.initContainers, undefined);
  });

  it("refuses writable paths that clash with each other or with the volume", () => {
    const paths = (writablePaths: WorkloadSpec["writablePaths"]) => reasons({ ...seeded, writablePaths });
    assert.equal(paths(seeded.writablePaths), "");
    assert.match(
      paths([{ name: "data", mountPath: "/x" }]),
      /^writablePaths: volume name "data" is the StatefulSet's volume/m,
    );
    assert.match(
      paths([
        { name: "tmp", mountPath: "/tmp" },
        { name: "tmp", mountPath: "/var/tmp" },
      ]),
      /^writablePaths: volume names must be unique/m,
    );
    assert.match(
      paths([{ name: "var", mountPath: "/opt/couchbase/var" }]),
      /^writablePaths: mount paths must be unique/m,
    );
    assert.match(
      paths([{ name: "etc", mountPath: "opt/couchbase/etc" }]),
      /^writablePaths: mount path "opt\/couchbase\/etc" must be an absolute/m,
    );
    assert.match(
      paths([{ name: "Etc", mountPath: "/etc/x" }]),
      /^writablePaths: volume name "Etc" must be a DNS-1123 label/m,
    );
  });

  it("copies the image's files, dotfiles and links included, writable by their owner, and drops what an earlier start left", () => {
    const root = mkdtempSync(join(tmpdir(), "seed-"));
    try {
      const image = join(root, "image", "etc");
      const seed = join(root, "seed", "etc");
      mkdirSync(join(image, "couchdb"), { recursive: true });
      mkdirSync(seed, { recursive: true });
      writeFileSync(join(image, "couchdb", "local.ini"), "[couchdb]\n");
      chmodSync(join(image, "couchdb", "local.ini"), 0o444);
      writeFileSync(join(image, ".hidden"), "x");
      symlinkSync("couchdb/local.ini", join(image, "link.ini"));
      writeFileSync(join(seed, "stale.ini"), "left by an earlier start");
      // The script as the builder writes it, with its two absolute directories moved under `root`.
      const script = seedScript([{ name: "etc", mountPath: image, seedFromImage: true }]).replaceAll(
        "/seed/",
        `${join(root, "seed")}/`,
      );
      // The script deletes and copies as the user running the tests (root in CI): run it only when
      // every absolute path in it is inside `root`, and from `root`, so a relative or empty path
      // (`find -delete` with no path works on the current directory) stays inside it too. A broken
      // builder (a mutant of it under npm run mutate) once wrote `find /etc -mindepth 1 -delete`
      // here and emptied the machine's /etc.
      assertConfinedTo(root, script);
      for (let run = 0; run < 2; run++) execFileSync("/bin/sh", ["-c", script], { cwd: root });
      assert.equal(readFileSync(join(seed, "couchdb", "local.ini"), "utf8"), "[couchdb]\n");
      assert.equal(lstatSync(join(seed, "couchdb", "local.ini")).mode & 0o200, 0o200);
      assert.equal(readFileSync(join(seed, ".hidden"), "utf8"), "x");
      assert.equal(readlinkSync(join(seed, "link.ini")), "couchdb/local.ini");
      assert.equal(existsSync(join(seed, "stale.ini")), false);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
