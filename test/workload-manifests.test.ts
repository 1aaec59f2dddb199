/**
 * lib/workload, function by function, against literal expectations: whole manifests from
 * buildWorkload (a Deployment with every option, a minimal one, a StatefulSet with seeded paths, a
 * blue/green pair), the labels, probes, security contexts, placement, budget and autoscaler
 * builders, and every validation message of validateWorkloadSpec with its boundaries. Pure: no
 * Pulumi runtime, no processes, so it is fast enough to run per mutant (docs/mutation.md).
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { horizontalPodAutoscaler, podDisruptionBudget } from "../lib/workload/availability";
import { KUBE_MONKEY_LABELS, chaosLabels } from "../lib/workload/chaos";
import { imageReference, imageTag, isPinnedImage } from "../lib/workload/image";
import { COLOR_LABEL, labelValue, recommendedLabels, selectorLabels } from "../lib/workload/labels";
import {
  buildWorkload,
  otherColor,
  previewServiceName,
  type WorkloadManifests,
} from "../lib/workload/manifest";
import { containerProbes, httpProbes, probeHandler, sameCheck } from "../lib/workload/probes";
import {
  DEFAULT_RUN_AS,
  containerSecurityContext,
  podSecurityContext,
  scratchVolumes,
  seedScript,
} from "../lib/workload/security";
import { resolveWorkloadSpec, validateWorkloadSpec, type WorkloadSpec } from "../lib/workload/spec";
import { podPlacement, topologySpread } from "../lib/workload/spread";
import {
  plain,
  type Deployment,
  type HorizontalPodAutoscaler,
  type PodDisruptionBudget,
  type Service,
} from "./support/k8s";

const POOL_TOLERATION = {
  key: "game-infra/pool",
  operator: "Equal",
  value: "game",
  effect: "NoSchedule",
} as const;
const GRACE = [
  { key: "node.kubernetes.io/not-ready", operator: "Exists", effect: "NoExecute", tolerationSeconds: 200 },
  { key: "node.kubernetes.io/unreachable", operator: "Exists", effect: "NoExecute", tolerationSeconds: 200 },
] as const;

const SELECTOR = { "app.kubernetes.io/name": "league", "app.kubernetes.io/instance": "dev1" };
const RESTRICTED_CONTAINER = {
  runAsNonRoot: true,
  runAsUser: 10001,
  runAsGroup: 10001,
  privileged: false,
  allowPrivilegeEscalation: false,
  readOnlyRootFilesystem: true,
  capabilities: { drop: ["ALL"] },
  seccompProfile: { type: "RuntimeDefault" },
};
const RESTRICTED_POD = {
  runAsNonRoot: true,
  runAsUser: 10001,
  runAsGroup: 10001,
  fsGroup: 10001,
  fsGroupChangePolicy: "OnRootMismatch",
  seccompProfile: { type: "RuntimeDefault" },
};
const HTTP_PROBES = {
  startupProbe: {
    httpGet: { path: "/livez", port: "http", scheme: "HTTP" },
    periodSeconds: 5,
    timeoutSeconds: 5,
    failureThreshold: 36,
    successThreshold: 1,
  },
  readinessProbe: {
    httpGet: { path: "/readyz", port: "http", scheme: "HTTP" },
    periodSeconds: 5,
    timeoutSeconds: 2,
    failureThreshold: 3,
    successThreshold: 1,
  },
  livenessProbe: {
    httpGet: { path: "/livez", port: "http", scheme: "HTTP" },
    periodSeconds: 10,
    timeoutSeconds: 5,
    failureThreshold: 3,
    successThreshold: 1,
  },
};

/** The smallest valid server: every optional field left to its default. */
function minimal(overrides: Partial<WorkloadSpec> = {}): WorkloadSpec {
  return {
    name: "league",
    namespace: "dev1",
    instance: "dev1",
    image: "registry.example/league:1.2.3",
    version: "1.2.3",
    port: { name: "http", containerPort: 8080, servicePort: 80 },
    probes: httpProbes("http"),
    resources: { cpu: "250m", memory: "512Mi", memoryLimit: "1Gi" },
    replicas: 1,
    placement: { nodeSelector: { "game-infra/pool": "game" }, tolerations: [POOL_TOLERATION] },
    graceTolerations: GRACE,
    ...overrides,
  };
}

/** The first Deployment of a built server, as a plain object. */
function deployment(built: WorkloadManifests): Deployment {
  return plain<Deployment>(built.deployments[0]!.args);
}

function problems(spec: WorkloadSpec): string[] {
  return validateWorkloadSpec(spec).map((p) => `${p.propertyPath}: ${p.reason}`);
}

describe("workload manifests: a Deployment with every option", () => {
  const built = buildWorkload(
    minimal({
      extraPorts: [{ name: "metrics", containerPort: 9090 }],
      command: ["/app/league"],
      args: ["--serve"],
      env: [{ name: "A", value: "1" }],
      envFrom: [{ configMapRef: { name: "game-env" } }],
      resources: { cpu: "250m", memory: "512Mi", memoryLimit: "1Gi", cpuLimit: "1" },
      replicas: 2,
      maxReplicas: 4,
      autoscaleCpuPercent: 60,
      spread: "required",
      labels: { "game-infra/environment": "dev1" },
      podAnnotations: { "game-infra/config-hash": "abc" },
      annotations: { "pulumi.com/patchForce": "true" },
      chaos: { mtbfDays: 2, killMode: "fixed", killValue: 1 },
    }),
  );
  const objectLabels = {
    ...SELECTOR,
    "app.kubernetes.io/version": "1.2.3",
    "app.kubernetes.io/component": "league",
    "app.kubernetes.io/part-of": "game",
    "app.kubernetes.io/managed-by": "pulumi",
    "game-infra/environment": "dev1",
  };
  const withChaos = {
    ...objectLabels,
    "kube-monkey/enabled": "enabled",
    "kube-monkey/identifier": "dev1-league",
    "kube-monkey/mtbf": "2",
    "kube-monkey/kill-mode": "fixed",
    "kube-monkey/kill-value": "1",
  };

  it("is exactly one autoscaled Deployment whose replicas the autoscaler owns", () => {
    assert.deepEqual(built.statefulSets, []);
    assert.deepEqual(built.deployments, [
      {
        key: "deployment",
        args: {
          metadata: {
            name: "league",
            namespace: "dev1",
            labels: withChaos,
            annotations: { "pulumi.com/patchForce": "true" },
          },
          spec: {
            selector: { matchLabels: SELECTOR },
            strategy: { type: "RollingUpdate", rollingUpdate: { maxUnavailable: 0, maxSurge: 1 } },
            revisionHistoryLimit: 5,
            progressDeadlineSeconds: 600,
            template: {
              metadata: { labels: withChaos, annotations: { "game-infra/config-hash": "abc" } },
              spec: {
                automountServiceAccountToken: false,
                enableServiceLinks: false,
                securityContext: RESTRICTED_POD,
                nodeSelector: { "game-infra/pool": "game" },
                tolerations: [POOL_TOLERATION, ...GRACE],
                topologySpreadConstraints: [
                  {
                    maxSkew: 1,
                    topologyKey: "topology.kubernetes.io/zone",
                    whenUnsatisfiable: "ScheduleAnyway",
                    labelSelector: { matchLabels: SELECTOR },
                  },
                  {
                    maxSkew: 1,
                    topologyKey: "kubernetes.io/hostname",
                    whenUnsatisfiable: "DoNotSchedule",
                    labelSelector: { matchLabels: SELECTOR },
                  },
                ],
                terminationGracePeriodSeconds: 45,
                containers: [
                  {
                    name: "league",
                    image: "registry.example/league:1.2.3",
                    imagePullPolicy: "IfNotPresent",
                    command: ["/app/league"],
                    args: ["--serve"],
                    ports: [
                      { name: "http", containerPort: 8080, protocol: "TCP" },
                      { name: "metrics", containerPort: 9090, protocol: "TCP" },
                    ],
                    env: [{ name: "A", value: "1" }],
                    envFrom: [{ configMapRef: { name: "game-env" } }],
                    resources: {
                      requests: { cpu: "250m", memory: "512Mi" },
                      limits: { memory: "1Gi", cpu: "1" },
                    },
                    ...HTTP_PROBES,
                    lifecycle: { preStop: { sleep: { seconds: 10 } } },
                    securityContext: RESTRICTED_CONTAINER,
                    volumeMounts: [{ name: "tmp", mountPath: "/tmp" }],
                  },
                ],
                volumes: [{ name: "tmp", emptyDir: { sizeLimit: "1Gi" } }],
              },
            },
          },
        },
      },
    ]);
  });

  it("has a ClusterIP Service on every port, named like the server, without chaos labels", () => {
    assert.deepEqual(built.services, [
      {
        key: "service",
        args: {
          metadata: { name: "league", namespace: "dev1", labels: objectLabels },
          spec: {
            type: "ClusterIP",
            selector: SELECTOR,
            ports: [
              { name: "http", port: 80, targetPort: "http", protocol: "TCP" },
              { name: "metrics", port: 9090, targetPort: "metrics", protocol: "TCP" },
            ],
          },
        },
      },
    ]);
  });

  it("has a budget that lets a drain evict one pod, never-ready pods always", () => {
    assert.deepEqual(built.podDisruptionBudgets, [
      {
        key: "pdb",
        args: {
          metadata: { name: "league", namespace: "dev1", labels: objectLabels },
          spec: {
            maxUnavailable: 1,
            selector: { matchLabels: SELECTOR },
            unhealthyPodEvictionPolicy: "AlwaysAllow",
          },
        },
      },
    ]);
  });

  it("has a CPU autoscaler between replicas and maxReplicas that scales down one pod a minute after 5 minutes", () => {
    assert.deepEqual(built.autoscalers, [
      {
        key: "hpa",
        args: {
          metadata: { name: "league", namespace: "dev1", labels: objectLabels },
          spec: {
            scaleTargetRef: { apiVersion: "apps/v1", kind: "Deployment", name: "league" },
            minReplicas: 2,
            maxReplicas: 4,
            metrics: [
              {
                type: "Resource",
                resource: { name: "cpu", target: { type: "Utilization", averageUtilization: 60 } },
              },
            ],
            behavior: {
              scaleDown: {
                stabilizationWindowSeconds: 300,
                policies: [{ type: "Pods", value: 1, periodSeconds: 60 }],
              },
            },
          },
        },
      },
    ]);
  });

  it("declares replicas beside the autoscaler only when pinned", () => {
    const pinned = buildWorkload(minimal({ replicas: 2, maxReplicas: 4, pinReplicas: true }));
    assert.equal(deployment(pinned).spec!.replicas, 2);
    assert.equal(pinned.autoscalers.length, 1);
  });
});

describe("workload manifests: a minimal Deployment", () => {
  const built = buildWorkload(minimal());
  const labels = {
    ...SELECTOR,
    "app.kubernetes.io/version": "1.2.3",
    "app.kubernetes.io/component": "league",
    "app.kubernetes.io/part-of": "game",
    "app.kubernetes.io/managed-by": "pulumi",
  };

  it("declares its one replica, no annotations, no spread, no CPU limit, no command, and no companions", () => {
    assert.deepEqual(built, {
      deployments: [
        {
          key: "deployment",
          args: {
            metadata: { name: "league", namespace: "dev1", labels },
            spec: {
              replicas: 1,
              selector: { matchLabels: SELECTOR },
              strategy: { type: "RollingUpdate", rollingUpdate: { maxUnavailable: 0, maxSurge: 1 } },
              revisionHistoryLimit: 5,
              progressDeadlineSeconds: 600,
              template: {
                metadata: { labels, annotations: {} },
                spec: {
                  automountServiceAccountToken: false,
                  enableServiceLinks: false,
                  securityContext: RESTRICTED_POD,
                  nodeSelector: { "game-infra/pool": "game" },
                  tolerations: [POOL_TOLERATION, ...GRACE],
                  topologySpreadConstraints: [],
                  terminationGracePeriodSeconds: 45,
                  containers: [
                    {
                      name: "league",
                      image: "registry.example/league:1.2.3",
                      imagePullPolicy: "IfNotPresent",
                      ports: [{ name: "http", containerPort: 8080, protocol: "TCP" }],
                      env: [],
                      envFrom: [],
                      resources: { requests: { cpu: "250m", memory: "512Mi" }, limits: { memory: "1Gi" } },
                      ...HTTP_PROBES,
                      lifecycle: { preStop: { sleep: { seconds: 10 } } },
                      securityContext: RESTRICTED_CONTAINER,
                      volumeMounts: [{ name: "tmp", mountPath: "/tmp" }],
                    },
                  ],
                  volumes: [{ name: "tmp", emptyDir: { sizeLimit: "1Gi" } }],
                },
              },
            },
          },
        },
      ],
      statefulSets: [],
      services: [
        {
          key: "service",
          args: {
            metadata: { name: "league", namespace: "dev1", labels },
            spec: {
              type: "ClusterIP",
              selector: SELECTOR,
              ports: [{ name: "http", port: 80, targetPort: "http", protocol: "TCP" }],
            },
          },
        },
      ],
      podDisruptionBudgets: [],
      autoscalers: [],
    });
  });

  it("recreates a server that must never run twice", () => {
    const recreate = buildWorkload(minimal({ release: { type: "recreate" } }));
    assert.deepEqual(deployment(recreate).spec!.strategy, { type: "Recreate" });
  });

  it("mounts the service-account token only when asked", () => {
    const withToken = buildWorkload(minimal({ serviceAccountToken: true }));
    assert.equal(deployment(withToken).spec!.template.spec!.automountServiceAccountToken, true);
  });

  it("adds no preStop sleep when it is 0, and a headless Service when asked", () => {
    const built0 = buildWorkload(minimal({ preStopSleepSeconds: 0, headlessService: true }));
    const container = deployment(built0).spec!.template.spec!.containers[0]!;
    assert.equal("lifecycle" in container, false);
    assert.deepEqual(built0.services[0]!.args.spec, {
      type: "ClusterIP",
      clusterIP: "None",
      publishNotReadyAddresses: true,
      selector: SELECTOR,
      ports: [{ name: "http", port: 80, targetPort: "http", protocol: "TCP" }],
    });
  });
});

describe("workload manifests: a StatefulSet with seeded writable paths", () => {
  const built = buildWorkload(
    minimal({
      name: "couchbase",
      kind: "StatefulSet",
      image: "couchbase/server:7.6.6",
      version: "7.6.6",
      port: { name: "rest", containerPort: 8091 },
      probes: {
        readiness: { http: { path: "/pools", port: "rest" } },
        liveness: { tcp: { port: "rest" } },
        startupSeconds: 300,
      },
      writablePaths: [
        { name: "tmp", mountPath: "/tmp" },
        { name: "couchbase-etc", mountPath: "/opt/couchbase/etc", seedFromImage: true },
      ],
      storage: { size: "10Gi", storageClassName: "gp3", mountPath: "/opt/couchbase/var" },
      runAs: { user: 1000, group: 1000, fsGroup: 1001 },
      preStopSleepSeconds: 0,
      terminationGracePeriodSeconds: 120,
    }),
  );
  const selector = { "app.kubernetes.io/name": "couchbase", "app.kubernetes.io/instance": "dev1" };
  const labels = {
    ...selector,
    "app.kubernetes.io/version": "7.6.6",
    "app.kubernetes.io/component": "couchbase",
    "app.kubernetes.io/part-of": "game",
    "app.kubernetes.io/managed-by": "pulumi",
  };
  const container1000 = { ...RESTRICTED_CONTAINER, runAsUser: 1000, runAsGroup: 1000 };

  it("is one StatefulSet that keeps its volume through deletion and scale-down", () => {
    assert.deepEqual(built.deployments, []);
    assert.deepEqual(built.podDisruptionBudgets, []);
    assert.deepEqual(built.autoscalers, []);
    assert.deepEqual(built.statefulSets, [
      {
        key: "statefulset",
        args: {
          metadata: { name: "couchbase", namespace: "dev1", labels },
          spec: {
            replicas: 1,
            serviceName: "couchbase",
            selector: { matchLabels: selector },
            podManagementPolicy: "OrderedReady",
            updateStrategy: { type: "RollingUpdate" },
            revisionHistoryLimit: 5,
            persistentVolumeClaimRetentionPolicy: { whenDeleted: "Retain", whenScaled: "Retain" },
            template: {
              metadata: { labels, annotations: {} },
              spec: {
                automountServiceAccountToken: false,
                enableServiceLinks: false,
                securityContext: {
                  ...RESTRICTED_POD,
                  runAsUser: 1000,
                  runAsGroup: 1000,
                  fsGroup: 1001,
                },
                nodeSelector: { "game-infra/pool": "game" },
                tolerations: [POOL_TOLERATION, ...GRACE],
                topologySpreadConstraints: [],
                terminationGracePeriodSeconds: 120,
                initContainers: [
                  {
                    name: "seed-writable-paths",
                    image: "couchbase/server:7.6.6",
                    imagePullPolicy: "IfNotPresent",
                    command: [
                      "/bin/sh",
                      "-c",
                      "set -eu\nfind /seed/couchbase-etc -mindepth 1 -delete && " +
                        "cp -R -P /opt/couchbase/etc/. /seed/couchbase-etc/ && chmod -R u+w /seed/couchbase-etc",
                    ],
                    resources: { requests: { cpu: "50m", memory: "64Mi" }, limits: { memory: "128Mi" } },
                    securityContext: container1000,
                    volumeMounts: [{ name: "couchbase-etc", mountPath: "/seed/couchbase-etc" }],
                  },
                ],
                containers: [
                  {
                    name: "couchbase",
                    image: "couchbase/server:7.6.6",
                    imagePullPolicy: "IfNotPresent",
                    ports: [{ name: "rest", containerPort: 8091, protocol: "TCP" }],
                    env: [],
                    envFrom: [],
                    resources: { requests: { cpu: "250m", memory: "512Mi" }, limits: { memory: "1Gi" } },
                    startupProbe: {
                      tcpSocket: { port: "rest" },
                      periodSeconds: 5,
                      timeoutSeconds: 5,
                      failureThreshold: 60,
                      successThreshold: 1,
                    },
                    readinessProbe: {
                      httpGet: { path: "/pools", port: "rest", scheme: "HTTP" },
                      periodSeconds: 5,
                      timeoutSeconds: 2,
                      failureThreshold: 3,
                      successThreshold: 1,
                    },
                    livenessProbe: {
                      tcpSocket: { port: "rest" },
                      periodSeconds: 10,
                      timeoutSeconds: 5,
                      failureThreshold: 3,
                      successThreshold: 1,
                    },
                    securityContext: container1000,
                    volumeMounts: [
                      { name: "tmp", mountPath: "/tmp" },
                      { name: "couchbase-etc", mountPath: "/opt/couchbase/etc" },
                      { name: "data", mountPath: "/opt/couchbase/var" },
                    ],
                  },
                ],
                volumes: [
                  { name: "tmp", emptyDir: { sizeLimit: "1Gi" } },
                  { name: "couchbase-etc", emptyDir: { sizeLimit: "1Gi" } },
                ],
              },
            },
            volumeClaimTemplates: [
              {
                metadata: { name: "data", labels: selector },
                spec: {
                  accessModes: ["ReadWriteOnce"],
                  storageClassName: "gp3",
                  resources: { requests: { storage: "10Gi" } },
                },
              },
            ],
          },
        },
      },
    ]);
  });

  it("is governed by a headless Service that publishes pods before they are ready", () => {
    assert.deepEqual(built.services, [
      {
        key: "service",
        args: {
          metadata: { name: "couchbase", namespace: "dev1", labels },
          spec: {
            type: "ClusterIP",
            clusterIP: "None",
            publishNotReadyAddresses: true,
            selector,
            ports: [{ name: "rest", port: 8091, targetPort: "rest", protocol: "TCP" }],
          },
        },
      },
    ]);
  });

  it("can opt out of the headless Service", () => {
    const spec = minimal({
      kind: "StatefulSet",
      headlessService: false,
      storage: { size: "1Gi", storageClassName: "gp3", mountPath: "/data" },
    });
    assert.deepEqual(Object.keys(buildWorkload(spec).services[0]!.args.spec!), ["type", "selector", "ports"]);
  });
});

describe("workload manifests: a blue/green pair", () => {
  const built = buildWorkload(
    minimal({
      name: "gameserver",
      replicas: 2,
      chaos: { mtbfDays: 1, killMode: "kill-all" },
      release: {
        type: "blueGreen",
        active: "green",
        images: {
          blue: { image: "registry.example/gameserver:1.0.0", version: "1.0.0" },
          green: { image: "registry.example/gameserver:1.1.0", version: "1.1.0" },
        },
      },
    }),
  );
  const selector = (color: string) => ({
    "app.kubernetes.io/name": "gameserver",
    "app.kubernetes.io/instance": "dev1",
    "game-infra/color": color,
  });
  const labels = (color: string, version: string) => ({
    ...selector(color),
    "app.kubernetes.io/version": version,
    "app.kubernetes.io/component": "gameserver",
    "app.kubernetes.io/part-of": "game",
    "app.kubernetes.io/managed-by": "pulumi",
  });

  it("runs one Deployment per colour with its own image, version, selector and chaos identifier", () => {
    assert.deepEqual(
      built.deployments
        .map(({ key, args }) => ({ key, d: plain<Deployment>(args) }))
        .map(({ key, d }) => ({
          key,
          metadata: d.metadata,
          replicas: d.spec!.replicas,
          selector: d.spec!.selector,
          image: d.spec!.template.spec!.containers[0]!.image,
          spread: d.spec!.template.spec!.topologySpreadConstraints,
        })),
      (["blue", "green"] as const).map((color) => {
        const version = color === "blue" ? "1.0.0" : "1.1.0";
        return {
          key: color,
          metadata: {
            name: `gameserver-${color}`,
            namespace: "dev1",
            labels: {
              ...labels(color, version),
              "kube-monkey/enabled": "enabled",
              "kube-monkey/identifier": `dev1-gameserver-${color}`,
              "kube-monkey/mtbf": "1",
              "kube-monkey/kill-mode": "kill-all",
            },
          },
          replicas: 2,
          selector: { matchLabels: selector(color) },
          image: `registry.example/gameserver:${version}`,
          spread: [
            {
              maxSkew: 1,
              topologyKey: "topology.kubernetes.io/zone",
              whenUnsatisfiable: "ScheduleAnyway",
              labelSelector: { matchLabels: selector(color) },
            },
            {
              maxSkew: 1,
              topologyKey: "kubernetes.io/hostname",
              whenUnsatisfiable: "ScheduleAnyway",
              labelSelector: { matchLabels: selector(color) },
            },
          ],
        };
      }),
    );
  });

  it("gives each colour its own budget", () => {
    assert.deepEqual(
      built.podDisruptionBudgets.map((p) => [
        p.key,
        plain<PodDisruptionBudget>(p.args).metadata!.name,
        plain<PodDisruptionBudget>(p.args).spec!.selector,
      ]),
      [
        ["blue-pdb", "gameserver-blue", { matchLabels: selector("blue") }],
        ["green-pdb", "gameserver-green", { matchLabels: selector("green") }],
      ],
    );
    assert.deepEqual(built.autoscalers, []);
  });

  it("points the Service at the active colour and the preview Service at the idle one", () => {
    const port = [{ name: "http", port: 80, targetPort: "http", protocol: "TCP" }];
    assert.deepEqual(built.services, [
      {
        key: "service",
        args: {
          metadata: { name: "gameserver", namespace: "dev1", labels: labels("green", "1.1.0") },
          spec: { type: "ClusterIP", selector: selector("green"), ports: port },
        },
      },
      {
        key: "preview-service",
        args: {
          metadata: { name: "gameserver-preview", namespace: "dev1", labels: labels("blue", "1.0.0") },
          spec: { type: "ClusterIP", selector: selector("blue"), ports: port },
        },
      },
    ]);
  });

  it("names autoscalers per colour", () => {
    const scaled = buildWorkload(
      minimal({
        maxReplicas: 3,
        release: {
          type: "blueGreen",
          active: "blue",
          images: {
            blue: { image: "r/x:1", version: "1" },
            green: { image: "r/x:2", version: "2" },
          },
        },
      }),
    );
    assert.deepEqual(
      scaled.autoscalers.map((a) => [a.key, plain<HorizontalPodAutoscaler>(a.args).spec!.scaleTargetRef]),
      [
        ["blue-hpa", { apiVersion: "apps/v1", kind: "Deployment", name: "league-blue" }],
        ["green-hpa", { apiVersion: "apps/v1", kind: "Deployment", name: "league-green" }],
      ],
    );
    assert.equal(plain<Service>(scaled.services[0]!.args).spec!.selector!["game-infra/color"], "blue");
    assert.equal(plain<Service>(scaled.services[1]!.args).metadata!.name, "league-preview");
  });

  it("names the preview Service and the other colour", () => {
    assert.equal(previewServiceName("gameserver"), "gameserver-preview");
    assert.equal(otherColor("blue"), "green");
    assert.equal(otherColor("green"), "blue");
  });
});

describe("workload defaults", () => {
  it("resolves every default of a minimal spec", () => {
    const spec = minimal();
    assert.deepEqual(resolveWorkloadSpec(spec), {
      ...spec,
      partOf: "game",
      component: "league",
      extraPorts: [],
      env: [],
      envFrom: [],
      maxReplicas: 1,
      autoscaleCpuPercent: 70,
      kind: "Deployment",
      release: { type: "rolling" },
      writablePaths: [{ name: "tmp", mountPath: "/tmp" }],
      runAs: { user: 10001, group: 10001 },
      spread: "preferred",
      labels: {},
      podAnnotations: {},
      annotations: {},
      pinReplicas: false,
      serviceAccountToken: false,
      preStopSleepSeconds: 10,
      terminationGracePeriodSeconds: 45,
      headlessService: false,
    });
  });

  it("keeps what the spec sets, and makes a StatefulSet's Service headless", () => {
    const resolved = resolveWorkloadSpec(
      minimal({ kind: "StatefulSet", partOf: "tools", component: "db", maxReplicas: 3 }),
    );
    assert.equal(resolved.partOf, "tools");
    assert.equal(resolved.component, "db");
    assert.equal(resolved.maxReplicas, 3);
    assert.equal(resolved.headlessService, true);
    assert.deepEqual(DEFAULT_RUN_AS, { user: 10001, group: 10001 });
  });
});

describe("workload validation", () => {
  it("accepts a minimal spec", () => {
    assert.deepEqual(problems(minimal()), []);
  });

  it("limits the name to a 50-character DNS label", () => {
    assert.deepEqual(problems(minimal({ name: "a".repeat(50) })), []);
    assert.deepEqual(problems(minimal({ name: "a".repeat(51) })), [
      `name: "${"a".repeat(51)}" must be a DNS-1123 label of at most 50 characters`,
    ]);
    assert.deepEqual(problems(minimal({ name: "League" })), [
      'name: "League" must be a DNS-1123 label of at most 50 characters',
    ]);
  });

  it("needs the instance to be a label value", () => {
    assert.deepEqual(problems(minimal({ instance: "dev 1" })), [
      'instance: "dev 1" is not a valid label value',
    ]);
  });

  it("refuses unpinned images, checking both colours and not the unused image under blue/green", () => {
    assert.deepEqual(problems(minimal({ image: "registry.example/league:latest" })), [
      'image: "registry.example/league:latest" is not pinned: use a release tag or digest, never "latest" or no tag',
    ]);
    const blueGreen = (blue: string, green: string) =>
      minimal({
        image: "registry.example/unused",
        release: {
          type: "blueGreen",
          active: "blue",
          images: { blue: { image: blue, version: "1" }, green: { image: green, version: "2" } },
        },
      });
    assert.deepEqual(problems(blueGreen("r/x:1", "r/x:2")), []);
    assert.deepEqual(problems(blueGreen("r/x", "r/x:latest")), [
      'image: "r/x" is not pinned: use a release tag or digest, never "latest" or no tag',
      'image: "r/x:latest" is not pinned: use a release tag or digest, never "latest" or no tag',
    ]);
  });

  it("checks every port's name and number, extra ports included", () => {
    const nameReason =
      "must be a port name: at most 15 lower-case letters, digits and '-', with a letter and no leading, trailing or doubled '-'";
    assert.deepEqual(problems(minimal({ extraPorts: [{ name: "Metrics", containerPort: 9090 }] })), [
      `port: port name "Metrics" ${nameReason}`,
    ]);
    assert.deepEqual(problems(minimal({ port: { name: "http", containerPort: 65535 } })), []);
    assert.deepEqual(problems(minimal({ port: { name: "http", containerPort: 65536 } })), [
      "port: 65536 is not a port number",
      "port: 65536 is not a port number",
    ]);
    assert.deepEqual(problems(minimal({ port: { name: "http", containerPort: 8080, servicePort: 0 } })), [
      "port: 0 is not a port number",
    ]);
    assert.deepEqual(problems(minimal({ port: { name: "http", containerPort: 8080, servicePort: 1 } })), []);
    assert.deepEqual(problems(minimal({ port: { name: "http", containerPort: 8080, servicePort: 80.5 } })), [
      "port: 80.5 is not a port number",
    ]);
  });

  it("refuses container ports below 1024, which need NET_BIND_SERVICE", () => {
    assert.deepEqual(problems(minimal({ port: { name: "http", containerPort: 1024 } })), []);
    assert.deepEqual(problems(minimal({ port: { name: "http", containerPort: 1023 } })), [
      "port: container port 1023 needs NET_BIND_SERVICE; listen on 1024 or above",
    ]);
  });

  it("refuses readiness and liveness probes that check the same thing", () => {
    const check = { http: { path: "/health", port: "http" } };
    assert.deepEqual(problems(minimal({ probes: { readiness: check, liveness: check } })), [
      "probes: readiness and liveness check the same thing; a liveness failure restarts the pod, so it must check something else",
    ]);
  });

  it("needs CPU and memory requests above 0 and limits at least the requests", () => {
    const resources = (r: Partial<WorkloadSpec["resources"]>) =>
      problems(minimal({ resources: { cpu: "250m", memory: "512Mi", memoryLimit: "1Gi", ...r } }));
    assert.deepEqual(resources({ cpu: "0" }), ['resources.cpu: "0" is not a CPU quantity above 0']);
    assert.deepEqual(resources({ cpu: "1m" }), []);
    assert.deepEqual(resources({ cpu: "lots" }), ['resources.cpu: "lots" is not a CPU quantity above 0']);
    assert.deepEqual(resources({ memory: "0", memoryLimit: "1Gi" }), [
      'resources.memory: "0" is not a memory quantity above 0',
    ]);
    assert.deepEqual(resources({ memory: "lots" }), [
      'resources.memory: "lots" is not a memory quantity above 0',
    ]);
    assert.deepEqual(resources({ memoryLimit: "lots" }), [
      'resources.memoryLimit: "lots" is not a memory quantity',
    ]);
    assert.deepEqual(resources({ memoryLimit: "512Mi" }), []);
    assert.deepEqual(resources({ memoryLimit: "511Mi" }), [
      "resources.memoryLimit: 511Mi is below the request 512Mi",
    ]);
    assert.deepEqual(resources({ cpuLimit: "250m" }), []);
    assert.deepEqual(resources({ cpuLimit: "249m" }), [
      'resources.cpuLimit: "249m" must be a CPU quantity at least the request',
    ]);
    assert.deepEqual(resources({ cpuLimit: "lots" }), [
      'resources.cpuLimit: "lots" must be a CPU quantity at least the request',
    ]);
    assert.deepEqual(resources({ cpu: "lots", cpuLimit: "1" }), [
      'resources.cpu: "lots" is not a CPU quantity above 0',
    ]);
  });

  it("needs whole replicas from 1, and maxReplicas at least replicas", () => {
    assert.deepEqual(problems(minimal({ replicas: 0, maxReplicas: 1 })), [
      "replicas: 0 must be a whole number, 1 or more",
    ]);
    assert.deepEqual(problems(minimal({ replicas: 1.5, maxReplicas: 2 })), [
      "replicas: 1.5 must be a whole number, 1 or more",
    ]);
    assert.deepEqual(problems(minimal({ replicas: 2, maxReplicas: 1 })), [
      "maxReplicas: 1 must be a whole number, at least replicas (2)",
    ]);
    assert.deepEqual(problems(minimal({ replicas: 2, maxReplicas: 2.5 })), [
      "maxReplicas: 2.5 must be a whole number, at least replicas (2)",
    ]);
    assert.deepEqual(problems(minimal({ replicas: 2, maxReplicas: 2 })), []);
  });

  it("keeps the autoscaler's CPU target between 10 and 100 percent", () => {
    for (const ok of [10, 100]) assert.deepEqual(problems(minimal({ autoscaleCpuPercent: ok })), []);
    for (const bad of [9, 101]) {
      assert.deepEqual(problems(minimal({ autoscaleCpuPercent: bad })), [
        `autoscaleCpuPercent: ${bad} must be between 10 and 100`,
      ]);
    }
  });

  it("gives a StatefulSet a volume, rolling only, no autoscaler; and a Deployment no volume", () => {
    const storage = { size: "1Gi", storageClassName: "gp3", mountPath: "/data" };
    assert.deepEqual(problems(minimal({ kind: "StatefulSet", storage })), []);
    assert.deepEqual(problems(minimal({ kind: "StatefulSet" })), [
      "storage: a StatefulSet needs a volume; use a Deployment for a stateless server",
    ]);
    assert.deepEqual(problems(minimal({ kind: "StatefulSet", storage, release: { type: "recreate" } })), [
      "release: a StatefulSet only rolls",
    ]);
    assert.deepEqual(problems(minimal({ kind: "StatefulSet", storage, maxReplicas: 2 })), [
      "maxReplicas: a StatefulSet does not autoscale",
    ]);
    assert.deepEqual(problems(minimal({ storage })), ["storage: only a StatefulSet keeps a volume"]);
    assert.deepEqual(problems(minimal({ kind: "StatefulSet", storage: { ...storage, size: "big" } })), [
      'storage.size: "big" is not a size such as 20Gi',
    ]);
  });

  it("allows recreate for exactly one replica only", () => {
    assert.deepEqual(problems(minimal({ release: { type: "recreate" } })), []);
    assert.deepEqual(problems(minimal({ release: { type: "recreate" }, maxReplicas: 2 })), [
      "release: recreate is for servers that must never run twice: exactly one replica, no autoscaler",
    ]);
  });

  it("checks writable paths: DNS-label names, unique names and paths, absolute clean paths", () => {
    const paths = (writablePaths: WorkloadSpec["writablePaths"], extra: Partial<WorkloadSpec> = {}) =>
      problems(minimal({ writablePaths, ...extra }));
    assert.deepEqual(paths([{ name: "Tmp", mountPath: "/tmp" }]), [
      'writablePaths: volume name "Tmp" must be a DNS-1123 label of at most 63 characters',
    ]);
    assert.deepEqual(
      paths([
        { name: "tmp", mountPath: "/tmp" },
        { name: "tmp", mountPath: "/var/tmp" },
      ]),
      ["writablePaths: volume names must be unique, got tmp, tmp"],
    );
    assert.deepEqual(
      paths([
        { name: "a", mountPath: "/tmp" },
        { name: "b", mountPath: "/tmp" },
      ]),
      ["writablePaths: mount paths must be unique (the volume's included), got /tmp, /tmp"],
    );
    for (const bad of ["tmp", "/", "//tmp", "/tmp/", "/a/../b", "/a/./b", "/a/.."]) {
      assert.deepEqual(
        paths([{ name: "tmp", mountPath: bad }]),
        [
          `writablePaths: mount path "${bad}" must be an absolute directory path without a trailing / or . parts`,
        ],
        bad,
      );
    }
    assert.deepEqual(paths([{ name: "tmp", mountPath: "/a/.b/c" }]), []);
    const storage = { size: "1Gi", storageClassName: "gp3", mountPath: "/data" };
    assert.deepEqual(paths([{ name: "data", mountPath: "/scratch" }], { kind: "StatefulSet", storage }), [
      'writablePaths: volume name "data" is the StatefulSet\'s volume; choose another',
    ]);
    assert.deepEqual(paths([{ name: "data", mountPath: "/scratch" }]), []);
    assert.deepEqual(
      paths([{ name: "tmp", mountPath: "/tmp" }], {
        kind: "StatefulSet",
        storage: { ...storage, mountPath: "/tmp" },
      }),
      ["writablePaths: mount paths must be unique (the volume's included), got /tmp, /tmp"],
    );
    assert.deepEqual(
      paths([{ name: "tmp", mountPath: "/tmp" }], {
        kind: "StatefulSet",
        storage: { ...storage, mountPath: "data" },
      }),
      [
        'storage.mountPath: mount path "data" must be an absolute directory path without a trailing / or . parts',
      ],
    );
  });

  it("needs both NoExecute grace tolerations and a node selector", () => {
    assert.deepEqual(problems(minimal({ graceTolerations: [] })), [
      "graceTolerations: needs NoExecute tolerations for node.kubernetes.io/not-ready and node.kubernetes.io/unreachable (the stack's grace period)",
    ]);
    assert.deepEqual(
      problems(minimal({ graceTolerations: [GRACE[0], { ...GRACE[1], effect: "NoSchedule" }] })),
      [
        "graceTolerations: needs NoExecute tolerations for node.kubernetes.io/unreachable (the stack's grace period)",
      ],
    );
    assert.deepEqual(problems(minimal({ placement: { nodeSelector: {}, tolerations: [] } })), [
      "placement: needs a node selector: every server runs on a named pool",
    ]);
  });

  it("refuses root as user or group", () => {
    const reason = "runAs: must not run as root (UID/GID 0)";
    assert.deepEqual(problems(minimal({ runAs: { user: 0, group: 1000 } })), [reason]);
    assert.deepEqual(problems(minimal({ runAs: { user: 1000, group: 0 } })), [reason]);
    assert.deepEqual(problems(minimal({ runAs: { user: 1, group: 1 } })), []);
  });

  it("needs the preStop sleep shorter than the grace period", () => {
    const reason =
      "preStopSleepSeconds: must be shorter than terminationGracePeriodSeconds, or SIGTERM never arrives";
    assert.deepEqual(problems(minimal({ preStopSleepSeconds: 45 })), [reason]);
    assert.deepEqual(problems(minimal({ preStopSleepSeconds: 44 })), []);
    assert.deepEqual(problems(minimal({ preStopSleepSeconds: 5, terminationGracePeriodSeconds: 5 })), [
      reason,
    ]);
  });
});

describe("workload labels", () => {
  it("selects on name and instance, plus the colour for one half of a blue/green pair", () => {
    assert.equal(COLOR_LABEL, "game-infra/color");
    assert.deepEqual(selectorLabels({ name: "a", instance: "b" }), {
      "app.kubernetes.io/name": "a",
      "app.kubernetes.io/instance": "b",
    });
    assert.deepEqual(selectorLabels({ name: "a", instance: "b" }, "blue"), {
      "app.kubernetes.io/name": "a",
      "app.kubernetes.io/instance": "b",
      "game-infra/color": "blue",
    });
    assert.deepEqual(selectorLabels({ name: "a", instance: "b" }, ""), {
      "app.kubernetes.io/name": "a",
      "app.kubernetes.io/instance": "b",
    });
  });

  it("carries every recommended label, the version made a label value", () => {
    assert.deepEqual(
      recommendedLabels(
        { name: "a", instance: "b", version: "1.0+build/7", component: "c", partOf: "d" },
        "green",
      ),
      {
        "app.kubernetes.io/name": "a",
        "app.kubernetes.io/instance": "b",
        "game-infra/color": "green",
        "app.kubernetes.io/version": "1.0-build-7",
        "app.kubernetes.io/component": "c",
        "app.kubernetes.io/part-of": "d",
        "app.kubernetes.io/managed-by": "pulumi",
      },
    );
  });

  it("turns any text into a label value", () => {
    assert.equal(labelValue("1.2.3"), "1.2.3");
    assert.equal(labelValue("dev@example.com"), "dev_at_example.com");
    assert.equal(labelValue("a b@c"), "a-b_at_c");
    assert.equal(labelValue("--a--"), "a");
    assert.equal(labelValue("_.x._"), "x");
    assert.equal(labelValue("@a@"), "at_a_at");
    assert.equal(labelValue("x".repeat(70)), "x".repeat(63));
    assert.equal(labelValue(`${"x".repeat(62)}@y`), `${"x".repeat(62)}`);
    assert.equal(labelValue(`${"x".repeat(62)}+yy`), `${"x".repeat(62)}`);
  });
});

describe("workload chaos labels", () => {
  it("has none when chaos is off", () => {
    assert.deepEqual(chaosLabels("dev1-league", undefined), {});
  });

  it("labels kube-monkey's identifier, MTBF in days, kill mode and value (1 unless set)", () => {
    assert.deepEqual(KUBE_MONKEY_LABELS, {
      enabled: "kube-monkey/enabled",
      identifier: "kube-monkey/identifier",
      mtbf: "kube-monkey/mtbf",
      killMode: "kube-monkey/kill-mode",
      killValue: "kube-monkey/kill-value",
    });
    assert.deepEqual(chaosLabels("dev1-league", { mtbfDays: 3, killMode: "fixed-percent", killValue: 50 }), {
      "kube-monkey/enabled": "enabled",
      "kube-monkey/identifier": "dev1-league",
      "kube-monkey/mtbf": "3",
      "kube-monkey/kill-mode": "fixed-percent",
      "kube-monkey/kill-value": "50",
    });
    assert.deepEqual(chaosLabels("x", { mtbfDays: 1, killMode: "random-max-percent" }), {
      "kube-monkey/enabled": "enabled",
      "kube-monkey/identifier": "x",
      "kube-monkey/mtbf": "1",
      "kube-monkey/kill-mode": "random-max-percent",
      "kube-monkey/kill-value": "1",
    });
    assert.deepEqual(chaosLabels("x", { mtbfDays: 1, killMode: "kill-all", killValue: 5 }), {
      "kube-monkey/enabled": "enabled",
      "kube-monkey/identifier": "x",
      "kube-monkey/mtbf": "1",
      "kube-monkey/kill-mode": "kill-all",
    });
  });
});

describe("workload probes", () => {
  it("probes /readyz for readiness and /livez for liveness unless told other paths", () => {
    assert.deepEqual(httpProbes(8080), {
      readiness: { http: { path: "/readyz", port: 8080 } },
      liveness: { http: { path: "/livez", port: 8080 } },
    });
    assert.deepEqual(httpProbes("http", { readiness: "/ready", liveness: "/alive" }), {
      readiness: { http: { path: "/ready", port: "http" } },
      liveness: { http: { path: "/alive", port: "http" } },
    });
  });

  it("turns each kind of check into its handler", () => {
    assert.deepEqual(probeHandler({ http: { path: "/x", port: 1 } }), {
      httpGet: { path: "/x", port: 1, scheme: "HTTP" },
    });
    assert.deepEqual(probeHandler({ tcp: { port: "rest" } }), { tcpSocket: { port: "rest" } });
    assert.deepEqual(probeHandler({ exec: ["cat", "/ok"] }), { exec: { command: ["cat", "/ok"] } });
  });

  it("tells checks apart by what and how they probe", () => {
    assert.equal(sameCheck({ tcp: { port: 1 } }, { tcp: { port: 1 } }), true);
    assert.equal(sameCheck({ tcp: { port: 1 } }, { tcp: { port: 2 } }), false);
    assert.equal(sameCheck({ http: { path: "/a", port: 1 } }, { http: { path: "/b", port: 1 } }), false);
    assert.equal(sameCheck({ exec: ["a"] }, { exec: ["a"] }), true);
  });

  it("gives startup its own check and allows startupSeconds in 5 s periods, at least one", () => {
    const probes = containerProbes({
      readiness: { tcp: { port: 1 } },
      liveness: { exec: ["true"] },
      startup: { http: { path: "/started", port: 1 } },
      startupSeconds: 7,
    });
    assert.deepEqual(probes, {
      startupProbe: {
        httpGet: { path: "/started", port: 1, scheme: "HTTP" },
        periodSeconds: 5,
        timeoutSeconds: 5,
        failureThreshold: 2,
        successThreshold: 1,
      },
      readinessProbe: {
        tcpSocket: { port: 1 },
        periodSeconds: 5,
        timeoutSeconds: 2,
        failureThreshold: 3,
        successThreshold: 1,
      },
      livenessProbe: {
        exec: { command: ["true"] },
        periodSeconds: 10,
        timeoutSeconds: 5,
        failureThreshold: 3,
        successThreshold: 1,
      },
    });
    const threshold = (startupSeconds: number) =>
      containerProbes({ readiness: { tcp: { port: 1 } }, liveness: { tcp: { port: 2 } }, startupSeconds })
        .startupProbe.failureThreshold;
    assert.equal(threshold(0), 1);
    assert.equal(threshold(5), 1);
    assert.equal(threshold(6), 2);
    assert.equal(threshold(180), 36);
  });
});

describe("workload security", () => {
  it("runs pods non-root under seccomp, volumes owned by fsGroup (default the group)", () => {
    assert.deepEqual(podSecurityContext({ user: 5, group: 6 }), {
      runAsNonRoot: true,
      runAsUser: 5,
      runAsGroup: 6,
      fsGroup: 6,
      fsGroupChangePolicy: "OnRootMismatch",
      seccompProfile: { type: "RuntimeDefault" },
    });
    assert.equal(podSecurityContext({ user: 5, group: 6, fsGroup: 7 }).fsGroup, 7);
  });

  it("runs containers without privilege, escalation or capabilities on a read-only root", () => {
    assert.deepEqual(containerSecurityContext({ user: 5, group: 6, fsGroup: 7 }), {
      runAsNonRoot: true,
      runAsUser: 5,
      runAsGroup: 6,
      privileged: false,
      allowPrivilegeEscalation: false,
      readOnlyRootFilesystem: true,
      capabilities: { drop: ["ALL"] },
      seccompProfile: { type: "RuntimeDefault" },
    });
  });

  it("gives each writable path a 1Gi emptyDir and a mount", () => {
    assert.deepEqual(
      scratchVolumes([
        { name: "tmp", mountPath: "/tmp" },
        { name: "cache", mountPath: "/var/cache", seedFromImage: true },
      ]),
      {
        volumes: [
          { name: "tmp", emptyDir: { sizeLimit: "1Gi" } },
          { name: "cache", emptyDir: { sizeLimit: "1Gi" } },
        ],
        volumeMounts: [
          { name: "tmp", mountPath: "/tmp" },
          { name: "cache", mountPath: "/var/cache" },
        ],
      },
    );
  });

  it("seeds only the paths marked seedFromImage, one line each", () => {
    assert.equal(
      seedScript([
        { name: "a", mountPath: "/etc/a", seedFromImage: true },
        { name: "tmp", mountPath: "/tmp" },
        { name: "b", mountPath: "/opt/b", seedFromImage: true },
      ]),
      [
        "set -eu",
        "find /seed/a -mindepth 1 -delete && cp -R -P /etc/a/. /seed/a/ && chmod -R u+w /seed/a",
        "find /seed/b -mindepth 1 -delete && cp -R -P /opt/b/. /seed/b/ && chmod -R u+w /seed/b",
      ].join("\n"),
    );
    assert.equal(seedScript([]), "set -eu");
  });
});

describe("workload placement and spread", () => {
  it("adds the grace tolerations to the pool's, once per taint, the grace one winning", () => {
    const pool = {
      nodeSelector: { pool: "game" },
      tolerations: [POOL_TOLERATION, GRACE[0], { ...GRACE[1], tolerationSeconds: 30 }],
    };
    const placed = podPlacement(pool, GRACE);
    assert.deepEqual(placed, {
      nodeSelector: { pool: "game" },
      tolerations: [POOL_TOLERATION, GRACE[0], GRACE[1]],
    });
    assert.notEqual(placed.nodeSelector, pool.nodeSelector);
    assert.notEqual(placed.tolerations[0], POOL_TOLERATION);
    const withValue = { key: "k", operator: "Equal", value: "v", effect: "NoSchedule" } as const;
    assert.deepEqual(
      podPlacement({ nodeSelector: {}, tolerations: [withValue] }, [{ ...withValue, value: "w" }]),
      {
        nodeSelector: {},
        tolerations: [withValue, { ...withValue, value: "w" }],
      },
    );
    assert.deepEqual(
      podPlacement(
        { nodeSelector: {}, tolerations: [{ key: "k", operator: "Exists", effect: "NoSchedule" }] },
        [{ key: "k", operator: "Exists", effect: "NoExecute" }],
      ).tolerations,
      [
        { key: "k", operator: "Exists", effect: "NoSchedule" },
        { key: "k", operator: "Exists", effect: "NoExecute" },
      ],
    );
  });

  it("keeps distinct tolerations apart even when their fields run together alike", () => {
    const grace = { key: "a", operator: "Equal", value: "xExists", effect: "NoSchedule" } as const;
    const pool = { key: "aEqualx", operator: "Exists", effect: "NoSchedule" } as const;
    assert.deepEqual(podPlacement({ nodeSelector: {}, tolerations: [pool] }, [grace]).tolerations, [
      pool,
      grace,
    ]);
  });

  it("spreads across zones and nodes only when there can be two pods", () => {
    assert.deepEqual(topologySpread({ a: "b" }, 1, "required"), []);
    assert.deepEqual(topologySpread({ a: "b" }, 2, "preferred"), [
      {
        maxSkew: 1,
        topologyKey: "topology.kubernetes.io/zone",
        whenUnsatisfiable: "ScheduleAnyway",
        labelSelector: { matchLabels: { a: "b" } },
      },
      {
        maxSkew: 1,
        topologyKey: "kubernetes.io/hostname",
        whenUnsatisfiable: "ScheduleAnyway",
        labelSelector: { matchLabels: { a: "b" } },
      },
    ]);
    assert.equal(topologySpread({ a: "b" }, 2, "required")[1]!.whenUnsatisfiable, "DoNotSchedule");
  });
});

describe("workload budget and autoscaler", () => {
  const meta = { name: "x", namespace: "ns", labels: { l: "v" } };

  it("budgets only workloads that can have two pods", () => {
    assert.equal(podDisruptionBudget(meta, { s: "t" }, 1), undefined);
    assert.equal(podDisruptionBudget(meta, { s: "t" }, 0), undefined);
    assert.deepEqual(podDisruptionBudget(meta, { s: "t" }, 2), {
      metadata: { name: "x", namespace: "ns", labels: { l: "v" } },
      spec: {
        maxUnavailable: 1,
        selector: { matchLabels: { s: "t" } },
        unhealthyPodEvictionPolicy: "AlwaysAllow",
      },
    });
  });

  it("autoscales only when the maximum is above the minimum", () => {
    const target = { kind: "StatefulSet" as const, name: "y" };
    assert.equal(
      horizontalPodAutoscaler(meta, target, { minReplicas: 2, maxReplicas: 2, cpuPercent: 50 }),
      undefined,
    );
    assert.equal(
      horizontalPodAutoscaler(meta, target, { minReplicas: 3, maxReplicas: 2, cpuPercent: 50 }),
      undefined,
    );
    assert.deepEqual(
      horizontalPodAutoscaler(meta, target, { minReplicas: 2, maxReplicas: 3, cpuPercent: 50 }),
      {
        metadata: { name: "x", namespace: "ns", labels: { l: "v" } },
        spec: {
          scaleTargetRef: { apiVersion: "apps/v1", kind: "StatefulSet", name: "y" },
          minReplicas: 2,
          maxReplicas: 3,
          metrics: [
            {
              type: "Resource",
              resource: { name: "cpu", target: { type: "Utilization", averageUtilization: 50 } },
            },
          ],
          behavior: {
            scaleDown: {
              stabilizationWindowSeconds: 300,
              policies: [{ type: "Pods", value: 1, periodSeconds: 60 }],
            },
          },
        },
      },
    );
  });
});

describe("workload images", () => {
  it("joins registry, repository and tag, dropping the registry's trailing slashes", () => {
    assert.equal(imageReference("r.example/game//", "league", "1.0"), "r.example/game/league:1.0");
    assert.equal(imageReference("r.example/game", "league", "1.0"), "r.example/game/league:1.0");
    assert.equal(imageReference("r.example/a/game", "x", "2"), "r.example/a/game/x:2");
  });

  it("reads the tag, not a registry port or a digest", () => {
    assert.equal(imageTag("localhost:5000/league"), undefined);
    assert.equal(imageTag("localhost:5000/league:1.2"), "1.2");
    assert.equal(imageTag(`league@sha256:${"a".repeat(64)}`), undefined);
    assert.equal(imageTag(`league:1.2@sha256:${"a".repeat(64)}`), "1.2");
    assert.equal(imageTag("league"), undefined);
  });

  it("counts a digest or a tag other than latest as pinned", () => {
    assert.equal(isPinnedImage(`league@sha256:${"0123456789abcdef".repeat(4)}`), true);
    assert.equal(isPinnedImage(`league@sha256:${"a".repeat(63)}`), false);
    assert.equal(isPinnedImage(`league@sha256:${"a".repeat(64)}x`), false);
    assert.equal(isPinnedImage(`league@sha256:${"a".repeat(65)}`), false);
    assert.equal(isPinnedImage(`league@sha256:${"A".repeat(64)}`), false);
    assert.equal(isPinnedImage("league:"), false);
    assert.equal(isPinnedImage("league:latest"), false);
    assert.equal(isPinnedImage("league"), false);
    assert.equal(isPinnedImage("league:1"), true);
  });
});
