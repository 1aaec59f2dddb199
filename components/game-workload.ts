import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { buildWorkload } from "../lib/workload/manifest";
import { resolveWorkloadSpec, validateWorkloadSpec, type WorkloadSpec } from "../lib/workload/spec";
import { assertValidArgs } from "../lib/validation";

/** Arguments of {@link GameWorkload}. */
export interface GameWorkloadArgs {
  /** The server: image, port, probes, resources, replicas, storage, placement (see `WorkloadSpec`). */
  readonly spec: WorkloadSpec;
  /** Kubernetes provider of the cluster. */
  readonly provider: k8s.Provider;
  /** What the server's pods must wait for (its config and secrets). @default [] */
  readonly dependsOn?: readonly pulumi.Resource[];
}

/**
 * One server of a game environment: its Deployment (two, for a blue/green server) or StatefulSet,
 * its Service, and a PodDisruptionBudget and HorizontalPodAutoscaler where its replicas call for
 * them, all with the safe defaults of `lib/workload` (pinned image, three distinct probes,
 * requests and memory limit, restricted security context with a read-only root, grace tolerations,
 * topology spread, recommended labels).
 */
export class GameWorkload extends pulumi.ComponentResource {
  /** The Service that reaches the server (`http://<serviceName>` inside the namespace). */
  readonly serviceName: pulumi.Output<string>;
  /** Names of the Deployments or StatefulSet, in creation order. */
  readonly workloadNames: pulumi.Output<string>[];
  /** Every Kubernetes object of the server, for dependencies. */
  readonly resources: pulumi.CustomResource[];

  constructor(name: string, args: GameWorkloadArgs, opts?: pulumi.ComponentResourceOptions) {
    super("game:index:GameWorkload", name, {}, opts);
    assertValidArgs("GameWorkload", name, validateWorkloadSpec(args.spec));
    const spec = resolveWorkloadSpec(args.spec);
    const manifests = buildWorkload(spec);
    const child = { parent: this, provider: args.provider };
    const afterDependencies = { ...child, dependsOn: [...(args.dependsOn ?? [])] };

    const services = manifests.services.map(
      (s) => new k8s.core.v1.Service(`${name}-${s.key}`, s.args, child),
    );
    const deployments = manifests.deployments.map(
      (d) => new k8s.apps.v1.Deployment(`${name}-${d.key}`, d.args, afterDependencies),
    );
    const statefulSets = manifests.statefulSets.map(
      (s) =>
        new k8s.apps.v1.StatefulSet(`${name}-${s.key}`, s.args, {
          ...afterDependencies,
          dependsOn: [...afterDependencies.dependsOn, ...services],
        }),
    );
    const budgets = manifests.podDisruptionBudgets.map(
      (p) => new k8s.policy.v1.PodDisruptionBudget(`${name}-${p.key}`, p.args, child),
    );
    const autoscalers = manifests.autoscalers.map(
      (h) => new k8s.autoscaling.v2.HorizontalPodAutoscaler(`${name}-${h.key}`, h.args, child),
    );

    this.serviceName = services[0]!.metadata.name;
    this.workloadNames = [...deployments, ...statefulSets].map((w) => w.metadata.name);
    this.resources = [...services, ...deployments, ...statefulSets, ...budgets, ...autoscalers];
    this.registerOutputs({ serviceName: this.serviceName, workloadNames: this.workloadNames });
  }
}
