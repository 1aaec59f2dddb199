/**
 * An environment's sleep, as objects: the kube-green SleepInfo that scales its Deployments and
 * StatefulSets (Couchbase included) to zero outside its schedule and back, and the annotations its
 * workloads carry so the environment stack and kube-green can both manage them
 * (upstream/kube-green/SOURCE.md, "What the program works around").
 *
 * Sleeping keeps every byte: kube-green only sets `spec.replicas`; Couchbase's volume stays (its
 * StatefulSet retains claims when scaled, `persistentVolumeClaimRetentionPolicy.whenScaled: Retain`),
 * and the MySQL database and Redis DB live outside the cluster, untouched.
 */
import type * as pulumi from "@pulumi/pulumi";
import type { EnvironmentSleepConfig } from "./profile";
import { SLEEP_INFO_API_VERSION, SLEEP_INFO_KIND } from "../kube-green";
import type { SleepSchedule } from "../sleep-schedule";
import { ENVIRONMENT_ANNOTATIONS } from "./metadata";

/** The SleepInfo's name: one per environment namespace. */
export const SLEEP_INFO_NAME = "sleep-schedule";

/**
 * Pulumi's server-side apply takes back conflicting fields when an object carries it (the Kubernetes
 * provider's `pulumi.com/patchForce`). kube-green co-owns every field of a workload it has put to
 * sleep, so without it the environment stack could change none of them again.
 */
export const PATCH_FORCE_ANNOTATION = "pulumi.com/patchForce";

/** The SleepInfo for `schedule` in the environment's namespace. */
export function sleepInfoManifest<N extends pulumi.Input<string>>(
  meta: { readonly namespace: N; readonly labels: Readonly<Record<string, string>> },
  schedule: SleepSchedule,
) {
  return {
    apiVersion: SLEEP_INFO_API_VERSION,
    kind: SLEEP_INFO_KIND,
    metadata: { name: SLEEP_INFO_NAME, namespace: meta.namespace, labels: { ...meta.labels } },
    spec: {
      weekdays: schedule.weekdays,
      sleepAt: schedule.sleepAt,
      wakeUpAt: schedule.wakeUpAt,
      timeZone: schedule.timeZone,
      // Said rather than left to kube-green's defaults: every server sleeps, Couchbase included.
      suspendDeployments: true,
      suspendStatefulSets: true,
      // The environment has no CronJobs; none of its own would be stopped by surprise.
      suspendCronJobs: false,
    },
  };
}

/** Whether the environment gets a SleepInfo: it has a schedule, and `wake` has not paused it. */
export function sleepsOnSchedule(sleep: EnvironmentSleepConfig): sleep is EnvironmentSleepConfig & {
  readonly schedule: SleepSchedule;
} {
  return sleep.schedule !== undefined && !sleep.paused;
}

/**
 * The annotations on each Deployment and StatefulSet of the environment: Pulumi's patch force always
 * (an environment that slept once stays co-owned by kube-green), and while a pause holds, its last
 * day, which changes every workload's inputs so the stack applies them and their replicas come back.
 */
export function workloadSleepAnnotations(sleep: EnvironmentSleepConfig): Record<string, string> {
  return {
    [PATCH_FORCE_ANNOTATION]: "true",
    ...(sleep.paused && sleep.pausedUntil !== undefined
      ? { [ENVIRONMENT_ANNOTATIONS.sleepPausedUntil]: sleep.pausedUntil }
      : {}),
  };
}
