/**
 * The description of one server that GameWorkload turns into Kubernetes objects, its defaults
 * (resolved once, here) and the checks it must pass before anything is created.
 */
import type * as k8s from "@pulumi/kubernetes";
import type * as pulumi from "@pulumi/pulumi";
import type { Toleration } from "../grace";
import { NODE_FAILURE_TAINTS } from "../grace";
import { parseBytes, parseCpu } from "../quantity";
import type { ArgProblem } from "../validation";
import type { ChaosConfig, Color, SpreadPolicy } from "../environment/profile";
import { isPinnedImage } from "./image";
import { isLabelValue } from "./labels";
import { sameCheck, type ProbeSpec } from "./probes";
import { DEFAULT_RUN_AS, type RunAs, type WritablePath } from "./security";
import type { Placement } from "./spread";
import { isDns1123Label, isPortName } from "../dns-names";

/** A port the server listens on. */
export interface WorkloadPort {
  /** Port name (IANA_SVC_NAME: at most 15 characters). */
  readonly name: string;
  readonly containerPort: number;
  /** Port the Service exposes. @default containerPort */
  readonly servicePort?: number;
}

/** Requests and limits of the server's container. */
export interface WorkloadResources {
  readonly cpu: string;
  readonly memory: string;
  readonly memoryLimit: string;
  /** CPU limit; omitted by default (throttling hurts latency; requests already share CPU fairly). */
  readonly cpuLimit?: string;
}

/** How a Deployment replaces its pods with a new version. */
export type ReleaseStrategy =
  /** One new pod at a time, never fewer ready pods than asked for (stateless servers). */
  | { readonly type: "rolling" }
  /** All old pods stop before any new one starts: for servers of which two must never run at once. */
  | { readonly type: "recreate" }
  /**
   * Two Deployments (blue and green), each with its own image; the Service selects `active`, and
   * a `<name>-preview` Service the other. Switching is a change of `active` only.
   */
  | {
      readonly type: "blueGreen";
      readonly active: Color;
      readonly images: Readonly<Record<Color, { readonly image: string; readonly version: string }>>;
    };

/** A volume a StatefulSet's pod keeps across restarts. */
export interface WorkloadStorage {
  readonly size: string;
  readonly storageClassName: string;
  readonly mountPath: string;
}

/** A server: everything GameWorkload needs to build its objects. */
export interface WorkloadSpec {
  /** Server name: object names, the Service's DNS name and `app.kubernetes.io/name`. */
  readonly name: string;
  /** The namespace the objects go into. */
  readonly namespace: pulumi.Input<string>;
  /** The environment this server belongs to (`app.kubernetes.io/instance`). */
  readonly instance: string;
  /** `app.kubernetes.io/part-of`. @default "game" */
  readonly partOf?: string;
  /** `app.kubernetes.io/component`. @default name */
  readonly component?: string;
  /** Image reference with a pinned tag or digest (ignored by blue/green, which has one per colour). */
  readonly image: string;
  /** The version the image runs (`app.kubernetes.io/version`). */
  readonly version: string;
  /** The main port: probes, Service and Ingress use it. */
  readonly port: WorkloadPort;
  /** More ports the Service exposes. @default [] */
  readonly extraPorts?: readonly WorkloadPort[];
  /** Overrides the image's entrypoint. @default the image's */
  readonly command?: readonly string[];
  /** @default the image's */
  readonly args?: readonly string[];
  /** @default [] */
  readonly env?: readonly k8s.types.input.core.v1.EnvVar[];
  /** @default [] */
  readonly envFrom?: readonly k8s.types.input.core.v1.EnvFromSource[];
  readonly probes: ProbeSpec;
  readonly resources: WorkloadResources;
  /** Replicas, or the autoscaler's minimum when `maxReplicas` is larger. */
  readonly replicas: number;
  /** Autoscale on CPU up to this many pods. @default replicas (no autoscaler) */
  readonly maxReplicas?: number;
  /** Average CPU utilisation the autoscaler aims for, in percent of the request. @default 70 */
  readonly autoscaleCpuPercent?: number;
  /** Deployment (stateless) or StatefulSet (keeps `storage`). @default "Deployment" */
  readonly kind?: "Deployment" | "StatefulSet";
  /** @default { type: "rolling" } */
  readonly release?: ReleaseStrategy;
  /** The StatefulSet's volume; required for, and only for, a StatefulSet. */
  readonly storage?: WorkloadStorage;
  /** Directories the server writes to, each an `emptyDir`. @default [{ name: "tmp", mountPath: "/tmp" }] */
  readonly writablePaths?: readonly WritablePath[];
  /** @default { user: 10001, group: 10001 } */
  readonly runAs?: RunAs;
  /** The pool the server runs on (its node selector and tolerations). */
  readonly placement: Placement;
  /** The cluster's not-ready/unreachable tolerations (`GameCluster.graceTolerations`). */
  readonly graceTolerations: readonly Toleration[];
  /** @default "preferred" */
  readonly spread?: SpreadPolicy;
  /** Extra labels for every object and pod (e.g. the environment label). @default {} */
  readonly labels?: Readonly<Record<string, string>>;
  /** Pod template annotations (e.g. a config hash that rolls the pods when config changes). @default {} */
  readonly podAnnotations?: Readonly<Record<string, pulumi.Input<string>>>;
  /** Mount the service-account token: only for servers that call the Kubernetes API. @default false */
  readonly serviceAccountToken?: boolean;
  /** Seconds a stopping pod keeps serving before SIGTERM, so load balancers stop sending to it first. @default 10 */
  readonly preStopSleepSeconds?: number;
  /** @default 45 */
  readonly terminationGracePeriodSeconds?: number;
  /** Service without a cluster IP (a StatefulSet's governing Service). @default kind === "StatefulSet" */
  readonly headlessService?: boolean;
  /** kube-monkey may kill this server's pods. @default off */
  readonly chaos?: ChaosConfig;
}

/** A WorkloadSpec with every default applied. */
export type ResolvedWorkloadSpec = Required<Omit<WorkloadSpec, "command" | "args" | "storage" | "chaos">> &
  Pick<WorkloadSpec, "command" | "args" | "storage" | "chaos">;

/** Applies WorkloadSpec's defaults. */
export function resolveWorkloadSpec(spec: WorkloadSpec): ResolvedWorkloadSpec {
  const kind = spec.kind ?? "Deployment";
  return {
    ...spec,
    partOf: spec.partOf ?? "game",
    component: spec.component ?? spec.name,
    extraPorts: spec.extraPorts ?? [],
    env: spec.env ?? [],
    envFrom: spec.envFrom ?? [],
    maxReplicas: spec.maxReplicas ?? spec.replicas,
    autoscaleCpuPercent: spec.autoscaleCpuPercent ?? 70,
    kind,
    release: spec.release ?? { type: "rolling" },
    writablePaths: spec.writablePaths ?? [{ name: "tmp", mountPath: "/tmp" }],
    runAs: spec.runAs ?? DEFAULT_RUN_AS,
    spread: spec.spread ?? "preferred",
    labels: spec.labels ?? {},
    podAnnotations: spec.podAnnotations ?? {},
    serviceAccountToken: spec.serviceAccountToken ?? false,
    preStopSleepSeconds: spec.preStopSleepSeconds ?? 10,
    terminationGracePeriodSeconds: spec.terminationGracePeriodSeconds ?? 45,
    headlessService: spec.headlessService ?? kind === "StatefulSet",
  };
}

/** Every problem with a server description; empty when GameWorkload may build it. */
export function validateWorkloadSpec(input: WorkloadSpec): ArgProblem[] {
  const spec = resolveWorkloadSpec(input);
  const problems: ArgProblem[] = [];
  const problem = (propertyPath: string, reason: string) => problems.push({ propertyPath, reason });

  // The longest derived object name is `<name>-preview` / `<name>-green`; Service names are DNS labels.
  if (!isDns1123Label(spec.name, 50)) {
    problem("name", `"${spec.name}" must be a DNS-1123 label of at most 50 characters`);
  }
  if (!isLabelValue(spec.instance)) problem("instance", `"${spec.instance}" is not a valid label value`);

  const images =
    spec.release.type === "blueGreen" ? Object.values(spec.release.images).map((i) => i.image) : [spec.image];
  for (const image of images) {
    if (!isPinnedImage(image)) {
      problem("image", `"${image}" is not pinned: use a release tag or digest, never "latest" or no tag`);
    }
  }

  for (const port of [spec.port, ...spec.extraPorts]) {
    if (!isPortName(port.name)) {
      problem(
        "port",
        `port name "${port.name}" must be a port name: at most 15 lower-case letters, digits and '-', with a letter and no leading, trailing or doubled '-'`,
      );
    }
    for (const n of [port.containerPort, port.servicePort ?? port.containerPort]) {
      if (!Number.isInteger(n) || n < 1 || n > 65535) problem("port", `${n} is not a port number`);
    }
    if (port.containerPort < 1024) {
      problem("port", `container port ${port.containerPort} needs NET_BIND_SERVICE; listen on 1024 or above`);
    }
  }

  if (sameCheck(spec.probes.readiness, spec.probes.liveness)) {
    problem(
      "probes",
      "readiness and liveness check the same thing; a liveness failure restarts the pod, so it must check something else",
    );
  }

  const cpu = parseCpu(spec.resources.cpu);
  const memory = parseBytes(spec.resources.memory);
  const memoryLimit = parseBytes(spec.resources.memoryLimit);
  if (cpu === undefined || cpu <= 0)
    problem("resources.cpu", `"${spec.resources.cpu}" is not a CPU quantity above 0`);
  if (memory === undefined || memory <= 0) {
    problem("resources.memory", `"${spec.resources.memory}" is not a memory quantity above 0`);
  }
  if (memoryLimit === undefined) {
    problem("resources.memoryLimit", `"${spec.resources.memoryLimit}" is not a memory quantity`);
  } else if (memory !== undefined && memoryLimit < memory) {
    problem(
      "resources.memoryLimit",
      `${spec.resources.memoryLimit} is below the request ${spec.resources.memory}`,
    );
  }
  if (spec.resources.cpuLimit !== undefined) {
    const cpuLimit = parseCpu(spec.resources.cpuLimit);
    if (cpuLimit === undefined || (cpu !== undefined && cpuLimit < cpu)) {
      problem(
        "resources.cpuLimit",
        `"${spec.resources.cpuLimit}" must be a CPU quantity at least the request`,
      );
    }
  }

  if (!Number.isInteger(spec.replicas) || spec.replicas < 1) {
    problem("replicas", `${spec.replicas} must be a whole number, 1 or more`);
  }
  if (!Number.isInteger(spec.maxReplicas) || spec.maxReplicas < spec.replicas) {
    problem(
      "maxReplicas",
      `${spec.maxReplicas} must be a whole number, at least replicas (${spec.replicas})`,
    );
  }
  if (spec.autoscaleCpuPercent < 10 || spec.autoscaleCpuPercent > 100) {
    problem("autoscaleCpuPercent", `${spec.autoscaleCpuPercent} must be between 10 and 100`);
  }

  if (spec.kind === "StatefulSet") {
    if (!spec.storage)
      problem("storage", "a StatefulSet needs a volume; use a Deployment for a stateless server");
    if (spec.release.type !== "rolling") problem("release", "a StatefulSet only rolls");
    if (spec.maxReplicas > spec.replicas) problem("maxReplicas", "a StatefulSet does not autoscale");
  } else if (spec.storage) {
    problem("storage", "only a StatefulSet keeps a volume");
  }
  if (spec.release.type === "recreate" && spec.maxReplicas !== 1) {
    problem(
      "release",
      "recreate is for servers that must never run twice: exactly one replica, no autoscaler",
    );
  }
  const volumeNames = spec.writablePaths.map((p) => p.name);
  const mounts = [
    ...spec.writablePaths.map((p) => ({ property: "writablePaths", path: p.mountPath })),
    ...(spec.storage ? [{ property: "storage.mountPath", path: spec.storage.mountPath }] : []),
  ];
  for (const p of spec.writablePaths) {
    if (!isDns1123Label(p.name)) {
      problem("writablePaths", `volume name "${p.name}" must be a DNS-1123 label of at most 63 characters`);
    }
    if (spec.storage && p.name === "data") {
      problem("writablePaths", 'volume name "data" is the StatefulSet\'s volume; choose another');
    }
  }
  if (new Set(volumeNames).size !== volumeNames.length) {
    problem("writablePaths", `volume names must be unique, got ${volumeNames.join(", ")}`);
  }
  for (const { property, path } of mounts) {
    if (
      !/^\/[^/]/.test(path) ||
      path.endsWith("/") ||
      path.split("/").some((part) => part === "." || part === "..")
    ) {
      problem(
        property,
        `mount path "${path}" must be an absolute directory path without a trailing / or . parts`,
      );
    }
  }
  const paths = mounts.map((m) => m.path);
  if (new Set(paths).size !== paths.length) {
    problem("writablePaths", `mount paths must be unique (the volume's included), got ${paths.join(", ")}`);
  }
  if (spec.storage && parseBytes(spec.storage.size) === undefined) {
    problem("storage.size", `"${spec.storage.size}" is not a size such as 20Gi`);
  }

  const graceKeys = new Set(spec.graceTolerations.filter((t) => t.effect === "NoExecute").map((t) => t.key));
  const missing = NODE_FAILURE_TAINTS.filter((taint) => !graceKeys.has(taint));
  if (missing.length > 0) {
    problem(
      "graceTolerations",
      `needs NoExecute tolerations for ${missing.join(" and ")} (the stack's grace period)`,
    );
  }
  if (Object.keys(spec.placement.nodeSelector).length === 0) {
    problem("placement", "needs a node selector: every server runs on a named pool");
  }
  if (spec.runAs.user === 0 || spec.runAs.group === 0) problem("runAs", "must not run as root (UID/GID 0)");
  if (spec.preStopSleepSeconds >= spec.terminationGracePeriodSeconds) {
    problem(
      "preStopSleepSeconds",
      "must be shorter than terminationGracePeriodSeconds, or SIGTERM never arrives",
    );
  }
  return problems;
}
