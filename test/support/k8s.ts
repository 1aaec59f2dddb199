/** TEST ONLY: typed views of recorded Kubernetes inputs and built manifests (plain values under mocks). */
import type * as k8s from "@pulumi/kubernetes";
import type * as pulumi from "@pulumi/pulumi";
import type { RecordedResource } from "../harness";

export type Deployment = pulumi.Unwrap<k8s.types.input.apps.v1.Deployment>;
export type StatefulSet = pulumi.Unwrap<k8s.types.input.apps.v1.StatefulSet>;
export type Service = pulumi.Unwrap<k8s.types.input.core.v1.Service>;
export type Namespace = pulumi.Unwrap<k8s.types.input.core.v1.Namespace>;
export type ConfigMap = pulumi.Unwrap<k8s.types.input.core.v1.ConfigMap>;
export type ResourceQuota = pulumi.Unwrap<k8s.types.input.core.v1.ResourceQuota>;
export type LimitRange = pulumi.Unwrap<k8s.types.input.core.v1.LimitRange>;
export type Ingress = pulumi.Unwrap<k8s.types.input.networking.v1.Ingress>;
export type RoleBinding = pulumi.Unwrap<k8s.types.input.rbac.v1.RoleBinding>;
export type NetworkPolicy = pulumi.Unwrap<k8s.types.input.networking.v1.NetworkPolicy>;
export type PodDisruptionBudget = pulumi.Unwrap<k8s.types.input.policy.v1.PodDisruptionBudget>;
export type HorizontalPodAutoscaler = pulumi.Unwrap<k8s.types.input.autoscaling.v2.HorizontalPodAutoscaler>;
export type PodTemplate = pulumi.Unwrap<k8s.types.input.core.v1.PodTemplateSpec>;

/** A recorded resource's inputs, or a built manifest, viewed as a plain object of type `T`. */
export function plain<T>(value: RecordedResource | object): T {
  return ("inputs" in value && "urn" in value ? value.inputs : value) as unknown as T;
}

/** The pod template of a Deployment or StatefulSet. */
export function podTemplateOf(workload: Deployment | StatefulSet): PodTemplate {
  return workload.spec!.template!;
}

/** The first container of a pod template. */
export function mainContainer(template: PodTemplate) {
  return template.spec!.containers![0]!;
}
