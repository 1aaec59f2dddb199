/**
 * Live status from the tier's own cluster, read-only: the namespaces labelled
 * `game-infra/environment`, and the Deployments and StatefulSets carrying the same label (every
 * object an environment stack creates carries it). Three list calls per refresh, whatever the
 * number of environments; the answer is cached for `ttlMs`, so page views and preset requests do
 * not each reach the API server.
 *
 * An environment is
 * - `missing` when no namespace carries its name (sync has not created it yet, or it failed);
 * - `pending` when its namespace's annotations differ from what the registry now says (the same
 *   {@link namespaceMetadata} the environment stack writes them with: versions, data versions,
 *   clock offset, expiry, owner, ...), i.e. the registry changed and sync has not applied it yet;
 * - `sleeping` when kube-green has scaled it down: every one of its Deployments and StatefulSets
 *   runs 0 replicas and at least one was scaled by kube-green's server-side apply (field manager
 *   `kube-green`, upstream/kube-green/SOURCE.md);
 * - `applied` otherwise.
 * Changes that do not show on the namespace (replicas, release strategy) are `applied` as soon as
 * the namespace matches; the page says so.
 */
import { AppsV1Api, CoreV1Api, KubeConfig } from "@kubernetes/client-node";
import { ENVIRONMENT_LABELS, namespaceMetadata } from "../lib/environment/metadata";
import type { EnvironmentConfig } from "../stacks/config";
import type { Registry } from "../stacks/resolve-registry";
import type { StatusSource } from "./status";
import type { LiveStatus } from "./views";

/** kube-green's server-side-apply field manager (upstream/kube-green/sleep.excerpt.go.txt). */
export const KUBE_GREEN_FIELD_MANAGER = "kube-green";

/** What the launcher reads of a namespace. */
export interface ObservedNamespace {
  readonly name: string;
  readonly environment?: string;
  readonly annotations: Readonly<Record<string, string>>;
}

/** What the launcher reads of a Deployment or StatefulSet. */
export interface ObservedWorkload {
  readonly kind: "Deployment" | "StatefulSet";
  readonly namespace: string;
  readonly name: string;
  readonly replicas: number;
  /** Field managers that own `spec.replicas`. */
  readonly replicaManagers: readonly string[];
}

/** One read of the cluster. */
export interface ClusterObservation {
  readonly namespaces: readonly ObservedNamespace[];
  readonly workloads: readonly ObservedWorkload[];
}

/** True when kube-green put this workload to sleep. */
export function isAsleep(workload: ObservedWorkload): boolean {
  return workload.replicas === 0 && workload.replicaManagers.includes(KUBE_GREEN_FIELD_MANAGER);
}

/** The annotations on the namespace that differ from the registry's (empty: applied). */
export function staleAnnotations(env: EnvironmentConfig, namespace: ObservedNamespace): string[] {
  const expected = namespaceMetadata(env).annotations;
  return Object.keys(expected)
    .filter((key) => namespace.annotations[key] !== expected[key])
    .sort();
}

/** An environment's live status from what the cluster showed. */
export function liveStatusOf(env: EnvironmentConfig, observed: ClusterObservation): LiveStatus {
  const namespace = observed.namespaces.find((ns) => ns.name === env.name);
  if (!namespace) return "missing";
  if (staleAnnotations(env, namespace).length > 0) return "pending";
  const workloads = observed.workloads.filter((w) => w.namespace === env.name);
  if (workloads.length > 0 && workloads.every((w) => w.replicas === 0) && workloads.some(isAsleep)) {
    return "sleeping";
  }
  return "applied";
}

/** The calls the status source makes (the generated clients' list methods). */
export interface KubernetesReader {
  observe(): Promise<ClusterObservation>;
}

/** Reads namespaces, Deployments and StatefulSets through `@kubernetes/client-node`. */
export class ClientNodeReader implements KubernetesReader {
  private readonly core: CoreV1Api;
  private readonly apps: AppsV1Api;

  constructor(config: KubeConfig) {
    this.core = config.makeApiClient(CoreV1Api);
    this.apps = config.makeApiClient(AppsV1Api);
  }

  /** The pod's service account (in-cluster config). */
  static inCluster(): ClientNodeReader {
    const config = new KubeConfig();
    config.loadFromCluster();
    return new ClientNodeReader(config);
  }

  async observe(): Promise<ClusterObservation> {
    const labelSelector = ENVIRONMENT_LABELS.environment;
    const [namespaces, deployments, statefulSets] = await Promise.all([
      this.core.listNamespace({ labelSelector }),
      this.apps.listDeploymentForAllNamespaces({ labelSelector }),
      this.apps.listStatefulSetForAllNamespaces({ labelSelector }),
    ]);
    const workload = (
      kind: ObservedWorkload["kind"],
      item: (typeof deployments.items)[number] | (typeof statefulSets.items)[number],
    ): ObservedWorkload => ({
      kind,
      namespace: item.metadata?.namespace ?? "",
      name: item.metadata?.name ?? "",
      replicas: item.spec?.replicas ?? 1,
      replicaManagers: (item.metadata?.managedFields ?? [])
        .filter((m) => ownsReplicas(m.fieldsV1))
        .map((m) => m.manager ?? ""),
    });
    return {
      namespaces: namespaces.items.map((ns) => ({
        name: ns.metadata?.name ?? "",
        ...(ns.metadata?.labels?.[labelSelector] ? { environment: ns.metadata.labels[labelSelector] } : {}),
        annotations: ns.metadata?.annotations ?? {},
      })),
      workloads: [
        ...deployments.items.map((d) => workload("Deployment", d)),
        ...statefulSets.items.map((s) => workload("StatefulSet", s)),
      ],
    };
  }
}

/** True when a managedFields entry's field set includes `spec.replicas`. */
function ownsReplicas(fields: unknown): boolean {
  const spec = (fields as Record<string, unknown> | undefined)?.["f:spec"];
  return typeof spec === "object" && spec !== null && "f:replicas" in spec;
}

/** How {@link KubernetesStatusSource} is set up. */
export interface KubernetesStatusOptions {
  /** How long one read of the cluster is used. @default 10000 */
  readonly ttlMs?: number;
  /** @default Date.now */
  readonly now?: () => number;
}

/** Live status from the cluster; an unreachable API server makes every environment `unknown`. */
export class KubernetesStatusSource implements StatusSource {
  readonly name = "kubernetes";
  private readonly ttlMs: number;
  private readonly now: () => number;
  private cached: { at: number; observation: Promise<ClusterObservation | undefined> } | undefined;
  /** The last read's failure, for the page. */
  lastError: string | undefined;

  constructor(
    private readonly reader: KubernetesReader,
    options: KubernetesStatusOptions = {},
  ) {
    this.ttlMs = options.ttlMs ?? 10_000;
    this.now = options.now ?? Date.now;
  }

  async status(registry: Registry): Promise<ReadonlyMap<string, LiveStatus>> {
    const observation = await this.observation();
    if (!observation) return new Map();
    return new Map(registry.environments.map((env) => [env.name, liveStatusOf(env, observation)]));
  }

  /** Forgets the cached read (after a change, so the next view asks the cluster again). */
  refresh(): void {
    this.cached = undefined;
  }

  private observation(): Promise<ClusterObservation | undefined> {
    const now = this.now();
    if (!this.cached || now - this.cached.at >= this.ttlMs) {
      this.cached = {
        at: now,
        observation: this.reader.observe().then(
          (o) => {
            this.lastError = undefined;
            return o;
          },
          (err: unknown) => {
            this.lastError = `the Kubernetes API could not be read: ${(err as Error).message}`;
            console.error(`launcher: ${this.lastError}`);
            return undefined;
          },
        ),
      };
    }
    return this.cached.observation;
  }
}
