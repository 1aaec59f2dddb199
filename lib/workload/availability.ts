/**
 * Keeping enough pods up: a PodDisruptionBudget for workloads that can run more than one pod, and
 * a CPU-based HorizontalPodAutoscaler for those asked to scale.
 */
import type * as k8s from "@pulumi/kubernetes";
import type * as pulumi from "@pulumi/pulumi";

/** Identity shared by the objects that accompany a workload. */
export interface CompanionMeta {
  /** The workload's object name; companions take the same name. */
  readonly name: string;
  readonly namespace: pulumi.Input<string>;
  readonly labels: Readonly<Record<string, string>>;
}

/**
 * A budget that lets node drains evict one pod at a time. Only for workloads that can have more
 * than one pod: a budget on a single pod either blocks every drain (`maxUnavailable: 0`) or
 * protects nothing.
 */
export function podDisruptionBudget(
  meta: CompanionMeta,
  selector: Readonly<Record<string, string>>,
  maxReplicas: number,
): k8s.policy.v1.PodDisruptionBudgetArgs | undefined {
  if (maxReplicas <= 1) return undefined;
  return {
    metadata: { name: meta.name, namespace: meta.namespace, labels: { ...meta.labels } },
    spec: {
      maxUnavailable: 1,
      selector: { matchLabels: { ...selector } },
      // A pod that never became ready is not serving anyone: let a drain evict it.
      unhealthyPodEvictionPolicy: "AlwaysAllow",
    },
  };
}

/** What the autoscaler scales and between which bounds. */
export interface AutoscalerBounds {
  readonly minReplicas: number;
  readonly maxReplicas: number;
  /** Average CPU utilisation to aim for, in percent of the pods' CPU request. */
  readonly cpuPercent: number;
}

/** Seconds the load must stay low before the autoscaler removes pods (players reconnect when it flaps). */
export const SCALE_DOWN_STABILIZATION_SECONDS = 300;

/**
 * An autoscaler on average CPU, for a Deployment whose maximum is above its minimum. The
 * Deployment then leaves `replicas` unset, so a `pulumi up` never fights the autoscaler.
 */
export function horizontalPodAutoscaler(
  meta: CompanionMeta,
  target: { readonly kind: "Deployment" | "StatefulSet"; readonly name: string },
  bounds: AutoscalerBounds,
): k8s.autoscaling.v2.HorizontalPodAutoscalerArgs | undefined {
  if (bounds.maxReplicas <= bounds.minReplicas) return undefined;
  return {
    metadata: { name: meta.name, namespace: meta.namespace, labels: { ...meta.labels } },
    spec: {
      scaleTargetRef: { apiVersion: "apps/v1", kind: target.kind, name: target.name },
      minReplicas: bounds.minReplicas,
      maxReplicas: bounds.maxReplicas,
      metrics: [
        {
          type: "Resource",
          resource: { name: "cpu", target: { type: "Utilization", averageUtilization: bounds.cpuPercent } },
        },
      ],
      behavior: {
        scaleDown: {
          stabilizationWindowSeconds: SCALE_DOWN_STABILIZATION_SECONDS,
          policies: [{ type: "Pods", value: 1, periodSeconds: 60 }],
        },
      },
    },
  };
}
