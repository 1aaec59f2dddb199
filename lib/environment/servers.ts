/**
 * The servers of a game environment and how each runs: the four game servers (HTTP on 8080 behind
 * a Service on port 80, so `http://gameserver` works inside the namespace) and Couchbase.
 */
import type * as k8s from "@pulumi/kubernetes";
import type * as pulumi from "@pulumi/pulumi";
import type { Toleration } from "../grace";
import { imageReference, imageTag } from "../workload/image";
import { httpProbes } from "../workload/probes";
import type { ReleaseStrategy, WorkloadSpec } from "../workload/spec";
import type { Placement } from "../workload/spread";
import type { EnvironmentWorkloadConfig, ImagesConfig, ServerName } from "./profile";
import { colorVersions } from "./blue-green";

/** How a server runs, independent of any environment. */
export interface ServerRole {
  readonly kind: "Deployment" | "StatefulSet";
  /** `recreate`: two copies must never run at once. */
  readonly release: "rolling" | "recreate";
  /** Reached from the internet through the shared load balancer. */
  readonly public: boolean;
  /** Talks to MySQL, Redis and Couchbase (gets the ConfigMap and the passwords). */
  readonly usesData: boolean;
}

/** Every server's role. */
export const SERVER_ROLES: Readonly<Record<ServerName, ServerRole>> = {
  gameserver: { kind: "Deployment", release: "rolling", public: true, usesData: true },
  league: { kind: "Deployment", release: "rolling", public: false, usesData: true },
  // Runs timed events and jobs: a second copy would run each of them twice.
  scheduler: { kind: "Deployment", release: "recreate", public: false, usesData: true },
  backoffice: { kind: "Deployment", release: "rolling", public: true, usesData: true },
  couchbase: { kind: "StatefulSet", release: "rolling", public: false, usesData: false },
};

/** The port every game server listens on (unprivileged: no NET_BIND_SERVICE needed). */
export const GAME_SERVER_PORT = 8080;
/** Couchbase's cluster-administration REST port. */
export const COUCHBASE_REST_PORT = 8091;

/** The UID/GID of the `couchbase` user in the official image (created there with `useradd -u 1000`). */
export const COUCHBASE_RUN_AS = { user: 1000, group: 1000, fsGroup: 1000 } as const;

/** Where Couchbase keeps its data, config, stats and logs: the image's declared VOLUME (a gp3 volume here). */
export const COUCHBASE_DATA_PATH = "/opt/couchbase/var";

/**
 * Couchbase's shipped configuration, which it also writes at run time: at every start ns_server
 * writes the data and index paths into the last couch ini file under `etc/couchdb` (`local.ini`),
 * and couch settings changed later go there too (upstream/couchbase/). A read-only root needs it
 * writable, so it is an emptyDir seeded with the image's copy whenever the pod starts: what
 * Couchbase writes there it re-derives from the data volume at every start, and a new image version
 * brings its own files (a copy kept on the data volume would keep the old version's through an
 * upgrade).
 */
export const COUCHBASE_CONFIG_PATH = "/opt/couchbase/etc";

/** The directories Couchbase writes besides its data volume, each an emptyDir. */
export const COUCHBASE_WRITABLE_PATHS = [
  // HOME for Erlang (set below), and scratch for the tools.
  { name: "tmp", mountPath: "/tmp" },
  { name: "couchbase-etc", mountPath: COUCHBASE_CONFIG_PATH, seedFromImage: true },
] as const;

/**
 * Couchbase's start command. The image's entrypoint refuses to start unless `/opt/couchbase/var`
 * is *owned* by UID 1000, which a freshly formatted EBS volume never is (fsGroup only changes the
 * group), and its runit supervisor writes under `/etc/service`, which a read-only root forbids.
 * So this does what the image's runit `run` script does for the `couchbase` user: create the data
 * directories and exec the server directly.
 */
export const COUCHBASE_COMMAND: readonly string[] = [
  "/bin/sh",
  "-c",
  [
    "mkdir -p /opt/couchbase/var/lib/couchbase/config /opt/couchbase/var/lib/couchbase/data",
    "/opt/couchbase/var/lib/couchbase/stats /opt/couchbase/var/lib/couchbase/logs",
    "&& exec /opt/couchbase/bin/couchbase-server -- -kernel global_enable_tracing false -noinput",
  ].join(" "),
];

/** Everything an environment's servers are built from. */
export interface EnvironmentServersInput {
  readonly environment: EnvironmentWorkloadConfig & { readonly name: string; readonly version: string };
  readonly images: ImagesConfig;
  readonly namespace: pulumi.Input<string>;
  readonly placement: Placement;
  readonly graceTolerations: readonly Toleration[];
  readonly storageClassName: string;
  /** Labels on every object (the environment label). */
  readonly labels: Readonly<Record<string, string>>;
  /** The ConfigMap and per-pod variables (passwords, version) the data-using servers get. */
  readonly envFrom: readonly k8s.types.input.core.v1.EnvFromSource[];
  readonly serverEnv: readonly k8s.types.input.core.v1.EnvVar[];
  /** Annotations on the data-using servers' pods (the config hash). */
  readonly podAnnotations: Readonly<Record<string, pulumi.Input<string>>>;
}

/** The description of every server of an environment, in {@link SERVER_ROLES} order. */
export function environmentServers(input: EnvironmentServersInput): Record<ServerName, WorkloadSpec> {
  const env = input.environment;
  const common = {
    namespace: input.namespace,
    instance: env.name,
    placement: input.placement,
    graceTolerations: input.graceTolerations,
    spread: env.spread,
    labels: input.labels,
    chaos: env.chaos,
    autoscaleCpuPercent: env.autoscaleCpuPercent,
  };
  const gameServer = (name: Exclude<ServerName, "couchbase">): WorkloadSpec => {
    const sizing = env.servers[name];
    const image = (version: string) =>
      imageReference(input.images.registry, input.images.repositories[name], version);
    return {
      ...common,
      name,
      image: image(env.version),
      version: env.version,
      port: { name: "http", containerPort: GAME_SERVER_PORT, servicePort: 80 },
      probes: httpProbes("http"),
      resources: { cpu: sizing.cpu, memory: sizing.memory, memoryLimit: sizing.memoryLimit },
      replicas: sizing.replicas,
      maxReplicas: sizing.maxReplicas,
      release: releaseOf(name, env, image),
      envFrom: input.envFrom,
      env: input.serverEnv,
      podAnnotations: input.podAnnotations,
    };
  };
  const couchbase = env.servers.couchbase;
  return {
    gameserver: gameServer("gameserver"),
    league: gameServer("league"),
    scheduler: gameServer("scheduler"),
    backoffice: gameServer("backoffice"),
    couchbase: {
      ...common,
      name: "couchbase",
      kind: "StatefulSet",
      image: input.images.couchbase,
      version: imageTag(input.images.couchbase) ?? "unknown",
      port: { name: "rest", containerPort: COUCHBASE_REST_PORT },
      extraPorts: [
        { name: "views", containerPort: 8092 },
        { name: "query", containerPort: 8093 },
        { name: "search", containerPort: 8094 },
        { name: "kv", containerPort: 11210 },
        { name: "kv-tls", containerPort: 11207 },
        { name: "rest-tls", containerPort: 18091 },
      ],
      command: COUCHBASE_COMMAND,
      // Erlang insists on a writable HOME; the image's user has none.
      env: [{ name: "HOME", value: "/tmp" }],
      writablePaths: COUCHBASE_WRITABLE_PATHS,
      // `/pools` answers without credentials once the REST service is up; liveness only needs the port.
      probes: {
        readiness: { http: { path: "/pools", port: "rest" } },
        liveness: { tcp: { port: "rest" } },
        startupSeconds: 300,
      },
      resources: { cpu: couchbase.cpu, memory: couchbase.memory, memoryLimit: couchbase.memoryLimit },
      replicas: couchbase.replicas,
      maxReplicas: couchbase.maxReplicas,
      storage: {
        size: couchbase.storage ?? "10Gi",
        storageClassName: input.storageClassName,
        mountPath: COUCHBASE_DATA_PATH,
      },
      runAs: COUCHBASE_RUN_AS,
      // Not behind a load balancer: nothing to drain before SIGTERM; flushing to disk takes a while.
      preStopSleepSeconds: 0,
      terminationGracePeriodSeconds: 120,
    },
  };
}

function releaseOf(
  name: ServerName,
  env: EnvironmentServersInput["environment"],
  image: (version: string) => string,
): ReleaseStrategy {
  if (SERVER_ROLES[name].release === "recreate") return { type: "recreate" };
  if (name !== "gameserver" || env.deployment !== "blueGreen") return { type: "rolling" };
  const versions = colorVersions(env.activeColor, env.version, env.previewVersion);
  return {
    type: "blueGreen",
    active: env.activeColor,
    images: {
      blue: { image: image(versions.blue), version: versions.blue },
      green: { image: image(versions.green), version: versions.green },
    },
  };
}
