// Every Kubernetes rule about pods reads the pod template through this module, so Deployments,
// StatefulSets, DaemonSets, Jobs, CronJobs and bare Pods are all covered the same way.
import { globMatches } from "./glob";
import type * as k8s from "@pulumi/kubernetes";
import type {
  PolicyProviderResource,
  ReportViolation,
  ResourceValidation,
  ResourceValidationArgs,
} from "@pulumi/policy";
import type { Unwrap } from "@pulumi/pulumi";

import type { AllowedWorkload } from "./config-schemas";
import { CronJob, DaemonSet, Deployment, Job, Pod, StatefulSet } from "./resource-types";
import type { AnyResourceClass } from "./resource-class";
import { arrayOf, recordOf, type Props } from "./values";

/** A pod spec as policies see it (the Kubernetes input type, unwrapped). */
export type PodSpec = Unwrap<k8s.types.input.core.v1.PodSpec>;
/** A container as policies see it. */
export type Container = Unwrap<k8s.types.input.core.v1.Container>;
/** Object metadata as policies see it. */
export type ObjectMeta = Unwrap<k8s.types.input.meta.v1.ObjectMeta>;

/** What the pod-template helpers need from a resource: both ResourceValidationArgs and PolicyResource fit. */
export interface KubernetesResourceView {
  readonly type: string;
  readonly name: string;
  readonly props: Props;
  readonly provider?: PolicyProviderResource;
}

/** The namespace and name that identify a workload for allow-lists and messages. */
export interface WorkloadRef {
  readonly kind: string;
  readonly namespace: string;
  readonly name: string;
}

/** A pod template inside a workload. */
export interface PodTemplate {
  /** The workload kind, e.g. "Deployment". */
  readonly kind: string;
  readonly spec: PodSpec;
  /** Labels the pods will carry. Read lazily: they may be unknown during preview. */
  podLabels(): Readonly<Record<string, string>>;
  /** The workload's namespace and name. Read lazily: the namespace may be unknown during preview. */
  workload(): WorkloadRef;
}

/** One container of a pod spec, with how to name it in a message. */
export interface ContainerEntry {
  readonly container: Container;
  /** e.g. `container "gameserver"` or `init container "migrate"`. */
  readonly label: string;
  readonly init: boolean;
}

/** The workload kinds whose pod templates the Kubernetes rules check. */
export const workloadClasses: readonly AnyResourceClass[] = [
  Deployment,
  StatefulSet,
  DaemonSet,
  Job,
  CronJob,
  Pod,
];

/** The workload kinds that keep pods running (probes and replicas apply to these, not to Jobs). */
export const longRunningWorkloadClasses: readonly AnyResourceClass[] = [
  Deployment,
  StatefulSet,
  DaemonSet,
  Pod,
];

/** The kind name of a type token (`kubernetes:apps/v1:Deployment` -> `Deployment`). */
export function kindOf(type: string): string {
  return type.slice(type.lastIndexOf(":") + 1);
}

/** The namespace a namespaced Kubernetes resource lands in: its own, else its provider's, else `default`. */
export function namespaceOf(resource: KubernetesResourceView): string {
  const own: unknown = resource.props.metadata?.namespace;
  if (typeof own === "string" && own !== "") return own;
  const fromProvider: unknown = resource.provider?.props?.namespace;
  return typeof fromProvider === "string" && fromProvider !== "" ? fromProvider : "default";
}

/** The Kubernetes name of a resource: `metadata.name`, else its Pulumi name (auto-naming adds a suffix). */
export function objectNameOf(resource: KubernetesResourceView): string {
  const own: unknown = resource.props.metadata?.name;
  return typeof own === "string" && own !== "" ? own : resource.name;
}

/** The pod template of a workload resource, or undefined when it is not a workload or has no spec. */
export function podTemplateOf(resource: KubernetesResourceView): PodTemplate | undefined {
  const kind = kindOf(resource.type);
  const template = templateFor(kind, resource.props);
  if (template === undefined || template.spec === undefined || template.spec === null) return undefined;
  return {
    kind,
    spec: template.spec,
    podLabels: () => recordOf(template.metadata?.labels),
    workload: () => ({ kind, namespace: namespaceOf(resource), name: objectNameOf(resource) }),
  };
}

function templateFor(kind: string, props: Props): { spec?: PodSpec; metadata?: ObjectMeta } | undefined {
  if (!workloadClasses.some((c) => kindOf(c.__pulumiType) === kind)) return undefined;
  switch (kind) {
    case "Pod":
      return { spec: props.spec, metadata: props.metadata };
    case "CronJob":
      return props.spec?.jobTemplate?.spec?.template;
    default:
      return props.spec?.template;
  }
}

/** Every container of a pod spec (regular, init and ephemeral), labelled for messages. */
export function containersOf(spec: PodSpec, options: { init?: boolean } = {}): ContainerEntry[] {
  const includeInit = options.init ?? true;
  const entries: ContainerEntry[] = arrayOf(spec.containers).map((c) => ({
    container: c,
    label: `container "${c.name}"`,
    init: false,
  }));
  if (includeInit) {
    for (const c of arrayOf(spec.initContainers)) {
      entries.push({ container: c, label: `init container "${c.name}"`, init: true });
    }
    for (const c of arrayOf(spec.ephemeralContainers)) {
      entries.push({ container: c as Container, label: `ephemeral container "${c.name}"`, init: true });
    }
  }
  return entries;
}

/** True when `workload` is on the allow-list. */
export function isAllowed(
  allowList: readonly AllowedWorkload[],
  workload: Pick<WorkloadRef, "namespace" | "name">,
) {
  return allowList.some(
    (a) => globMatches(a.namespace, workload.namespace) && globMatches(a.name, workload.name),
  );
}

/** A check of one pod template. */
export type PodTemplateCheck = (
  template: PodTemplate,
  args: ResourceValidationArgs,
  report: ReportViolation,
) => void;

/**
 * A resource validation that runs `check` on the pod template of any workload in `kinds`
 * and tells the engine the policy is not applicable to every other resource.
 */
export function validatePodTemplates(
  check: PodTemplateCheck,
  kinds: readonly AnyResourceClass[] = workloadClasses,
): ResourceValidation {
  return (args, report) => {
    if (!kinds.some((k) => args.isType(k))) {
      return args.notApplicable(
        `Policy only applies to ${kinds.map((k) => kindOf(k.__pulumiType)).join(", ")}`,
      );
    }
    const template = podTemplateOf(args);
    if (template) check(template, args, report);
  };
}
