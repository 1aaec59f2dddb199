// How many pods a Deployment or StatefulSet runs: its `replicas`, unless a HorizontalPodAutoscaler
// targets it, in which case the autoscaler's bounds decide.
import type { PolicyResource } from "@pulumi/policy";

import {
  type PodTemplate,
  type WorkloadRef,
  namespaceOf,
  objectNameOf,
  podTemplateOf,
} from "./pod-templates";
import { Deployment, HorizontalPodAutoscaler, StatefulSet } from "./resource-types";
import { readKnown, resourcesOfType } from "./stack-resources";

/** A replicated workload with its pod template and replica bounds. */
export interface ReplicatedWorkload {
  readonly resource: PolicyResource;
  readonly template: PodTemplate;
  readonly ref: WorkloadRef;
  /** The fewest pods it runs (`replicas`, or the autoscaler's `minReplicas`). */
  readonly minReplicas: number;
  /** The most pods it runs (`replicas`, or the autoscaler's `maxReplicas`). */
  readonly maxReplicas: number;
  /** True when an autoscaler sets the bounds. */
  readonly autoscaled: boolean;
}

interface AutoscalerTarget {
  readonly namespace: string;
  readonly kind: string;
  readonly name: string;
  readonly min: number;
  readonly max: number;
}

/** Every Deployment and StatefulSet whose replica count is known, with its bounds. */
export function replicatedWorkloads(resources: readonly PolicyResource[]): ReplicatedWorkload[] {
  const targets = resourcesOfType(resources, HorizontalPodAutoscaler).flatMap((hpa) => {
    const target = readKnown(() => autoscalerTarget(hpa));
    return target ? [target] : [];
  });
  const workloads = [...resourcesOfType(resources, Deployment), ...resourcesOfType(resources, StatefulSet)];
  return workloads.flatMap((resource) => {
    const workload = readKnown(() => describeWorkload(resource, targets));
    return workload ? [workload] : [];
  });
}

function autoscalerTarget(hpa: PolicyResource): AutoscalerTarget | undefined {
  const ref = hpa.props.spec?.scaleTargetRef;
  if (!ref?.kind || !ref?.name) return undefined;
  const max = Number(hpa.props.spec?.maxReplicas ?? 1);
  return {
    namespace: namespaceOf(hpa),
    kind: ref.kind,
    name: ref.name,
    min: Number(hpa.props.spec?.minReplicas ?? 1),
    max,
  };
}

function describeWorkload(
  resource: PolicyResource,
  targets: readonly AutoscalerTarget[],
): ReplicatedWorkload | undefined {
  const template = podTemplateOf(resource);
  if (!template) return undefined;
  const ref = { kind: template.kind, namespace: namespaceOf(resource), name: objectNameOf(resource) };
  const hpa = targets.find(
    (t) => t.namespace === ref.namespace && t.kind === ref.kind && t.name === ref.name,
  );
  if (hpa) return { resource, template, ref, minReplicas: hpa.min, maxReplicas: hpa.max, autoscaled: true };
  const replicas = Number(resource.props.spec?.replicas ?? 1);
  return { resource, template, ref, minReplicas: replicas, maxReplicas: replicas, autoscaled: false };
}

/** Names a workload in messages, e.g. `Deployment game-dev1/gameserver`. */
export function workloadLabel(ref: WorkloadRef): string {
  return `${ref.kind} ${ref.namespace}/${ref.name}`;
}
