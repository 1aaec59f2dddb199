/**
 * What a stack's resources ask of the cluster, read from their inputs as a plan records them: each
 * Deployment's and StatefulSet's pods at their normal replicas (the autoscaler's minimum where a
 * HorizontalPodAutoscaler scales it), each pod's requests as the scheduler counts them, and the
 * persistent volumes the stack claims (StatefulSet claim templates, PersistentVolumeClaims, the
 * OpenSearch chart's `persistence`, Strimzi KafkaNodePools' persistent-claim volumes).
 * Jobs and CronJobs run to completion and are left out.
 */
import { parseBytes, parseCpu } from "../quantity";

/** A resource as a plan records it (`tools/plan/model.ts` `PlanResource` fits). */
export interface CostResource {
  readonly type: string;
  readonly name: string;
  readonly inputs: Readonly<Record<string, unknown>>;
}

/** CPU and memory requests. */
export interface Requests {
  readonly cpuMillicores: number;
  readonly memoryMiB: number;
}

/** One workload's pods. */
export interface WorkloadPods {
  readonly kind: "Deployment" | "StatefulSet";
  readonly name: string;
  readonly namespace?: string;
  readonly replicas: number;
  /** One pod's requests. */
  readonly perPod: Requests;
  /** The pod template's node selector (which pool it runs on). */
  readonly nodeSelector: Readonly<Record<string, string>>;
}

/** A persistent volume the stack claims. */
export interface ClaimedVolume {
  /** What claims it (`StatefulSet couchbase`, `OpenSearch opensearch-cluster`). */
  readonly owner: string;
  readonly count: number;
  readonly sizeGiB: number;
  /** The storage class asked for (`gp3`), or undefined for the cluster's default. */
  readonly storageClass?: string;
}

export const DEPLOYMENT = "kubernetes:apps/v1:Deployment";
export const STATEFUL_SET = "kubernetes:apps/v1:StatefulSet";
const HPA = "kubernetes:autoscaling/v2:HorizontalPodAutoscaler";
const PVC = "kubernetes:core/v1:PersistentVolumeClaim";
const KAFKA_NODE_POOL = "kubernetes:kafka.strimzi.io/v1:KafkaNodePool";
const HELM_RELEASE = "kubernetes:helm.sh/v3:Release";

/** A pod's requests as the scheduler counts them: the larger of its containers' sum and its largest init container. */
export function podRequests(podSpec: unknown): Requests {
  const spec = object(podSpec);
  const of = (list: unknown): Requests[] =>
    array(list).map((c) => {
      const requests = object(object(object(c)["resources"])["requests"]);
      return {
        cpuMillicores: cpuOf(requests["cpu"]),
        memoryMiB: mibOf(requests["memory"]),
      };
    });
  const containers = of(spec["containers"]);
  const inits = of(spec["initContainers"]);
  const total = {
    cpuMillicores: containers.reduce((s, c) => s + c.cpuMillicores, 0),
    memoryMiB: containers.reduce((s, c) => s + c.memoryMiB, 0),
  };
  return {
    cpuMillicores: Math.max(total.cpuMillicores, ...inits.map((i) => i.cpuMillicores)),
    memoryMiB: Math.max(total.memoryMiB, ...inits.map((i) => i.memoryMiB)),
  };
}

/** The Deployments and StatefulSets among `resources`, at their normal replicas. */
export function workloadPods(resources: readonly CostResource[]): WorkloadPods[] {
  const autoscaled = new Map<string, number>();
  for (const hpa of resources.filter((r) => r.type === HPA)) {
    const spec = object(hpa.inputs["spec"]);
    const target = object(spec["scaleTargetRef"]);
    const namespace = str(object(hpa.inputs["metadata"])["namespace"]);
    if (typeof target["name"] === "string") {
      autoscaled.set(`${namespace ?? ""}/${target["kind"]}/${target["name"]}`, num(spec["minReplicas"]) ?? 1);
    }
  }
  return resources
    .filter((r) => r.type === DEPLOYMENT || r.type === STATEFUL_SET)
    .map((r) => {
      const kind = r.type === DEPLOYMENT ? "Deployment" : "StatefulSet";
      const metadata = object(r.inputs["metadata"]);
      const name = str(metadata["name"]) ?? r.name;
      const namespace = str(metadata["namespace"]);
      const spec = object(r.inputs["spec"]);
      const podSpec = object(object(spec["template"])["spec"]);
      const replicas = num(spec["replicas"]) ?? autoscaled.get(`${namespace ?? ""}/${kind}/${name}`) ?? 1;
      return {
        kind,
        name,
        ...(namespace ? { namespace } : {}),
        replicas,
        perPod: podRequests(podSpec),
        nodeSelector: stringRecord(podSpec["nodeSelector"]),
      };
    });
}

/** The sum of the pods' requests at their replicas. */
export function totalRequests(pods: readonly WorkloadPods[]): Requests {
  return {
    cpuMillicores: pods.reduce((s, p) => s + p.replicas * p.perPod.cpuMillicores, 0),
    memoryMiB: pods.reduce((s, p) => s + p.replicas * p.perPod.memoryMiB, 0),
  };
}

/** The persistent volumes the resources claim. */
export function claimedVolumes(resources: readonly CostResource[]): ClaimedVolume[] {
  const out: ClaimedVolume[] = [];
  for (const r of resources) {
    const spec = object(r.inputs["spec"]);
    if (r.type === STATEFUL_SET) {
      const replicas = num(spec["replicas"]) ?? 1;
      const name = str(object(r.inputs["metadata"])["name"]) ?? r.name;
      for (const template of array(spec["volumeClaimTemplates"])) {
        const claim = object(object(template)["spec"]);
        out.push(volume(`StatefulSet ${name}`, replicas, claimSize(claim), str(claim["storageClassName"])));
      }
    } else if (r.type === PVC) {
      const name = str(object(r.inputs["metadata"])["name"]) ?? r.name;
      out.push(volume(`PersistentVolumeClaim ${name}`, 1, claimSize(spec), str(spec["storageClassName"])));
    } else if (r.type === KAFKA_NODE_POOL) {
      const replicas = num(spec["replicas"]) ?? 1;
      const storage = object(spec["storage"]);
      const volumes = storage["type"] === "jbod" ? array(storage["volumes"]) : [storage];
      for (const v of volumes.map(object).filter((v) => v["type"] === "persistent-claim")) {
        out.push(volume(`KafkaNodePool ${r.name}`, replicas, gib(v["size"]), str(v["class"])));
      }
    } else if (r.type === HELM_RELEASE && r.inputs["chart"] === "opensearch") {
      const values = object(r.inputs["values"]);
      const persistence = object(values["persistence"]);
      if (persistence["enabled"] !== false && persistence["size"] !== undefined) {
        out.push(
          volume(
            `OpenSearch ${str(values["clusterName"]) ?? r.name}`,
            num(values["replicas"]) ?? 1,
            gib(persistence["size"]),
            str(persistence["storageClass"]),
          ),
        );
      }
    }
  }
  return out;
}

function volume(
  owner: string,
  count: number,
  sizeGiB: number,
  storageClass: string | undefined,
): ClaimedVolume {
  return { owner, count, sizeGiB, ...(storageClass ? { storageClass } : {}) };
}

function claimSize(claimSpec: Record<string, unknown>): number {
  return gib(object(object(claimSpec["resources"])["requests"])["storage"]);
}

function gib(quantity: unknown): number {
  if (typeof quantity !== "string" && typeof quantity !== "number") return 0;
  return (parseBytes(quantity) ?? 0) / 2 ** 30;
}

function cpuOf(quantity: unknown): number {
  return typeof quantity === "string" || typeof quantity === "number" ? (parseCpu(quantity) ?? 0) : 0;
}

function mibOf(quantity: unknown): number {
  return typeof quantity === "string" || typeof quantity === "number"
    ? (parseBytes(quantity) ?? 0) / 2 ** 20
    : 0;
}

/** `value` as an object, or an empty one. */
export function object(value: unknown): Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};
}

/** `value` as an array, or an empty one. */
export function array(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

/** `value` if it is a string. */
export function str(value: unknown): string | undefined {
  return typeof value === "string" ? value : undefined;
}

/** `value` if it is a finite number. */
export function num(value: unknown): number | undefined {
  return typeof value === "number" && Number.isFinite(value) ? value : undefined;
}

function stringRecord(value: unknown): Record<string, string> {
  return Object.fromEntries(
    Object.entries(object(value)).filter((e): e is [string, string] => typeof e[1] === "string"),
  );
}
