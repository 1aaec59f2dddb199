/**
 * Assembles a server's Kubernetes objects from its description: the Deployment(s) or StatefulSet,
 * the Service(s), and the PodDisruptionBudget and HorizontalPodAutoscaler where they apply.
 * Pure: GameWorkload registers what this returns.
 */
import type * as k8s from "@pulumi/kubernetes";
import type { Color } from "../environment/profile";
import { horizontalPodAutoscaler, podDisruptionBudget } from "./availability";
import { chaosLabels } from "./chaos";
import { labelValue, recommendedLabels, selectorLabels } from "./labels";
import { containerProbes } from "./probes";
import {
  SEED_CONTAINER_NAME,
  SEED_CONTAINER_RESOURCES,
  SEED_MOUNT_DIR,
  containerSecurityContext,
  podSecurityContext,
  scratchVolumes,
  seedScript,
} from "./security";
import { resolveWorkloadSpec, type ResolvedWorkloadSpec, type WorkloadSpec } from "./spec";
import { podPlacement, topologySpread } from "./spread";

/** One object to register: `key` suffixes the component's name to form the Pulumi resource name. */
export interface Keyed<T> {
  readonly key: string;
  readonly args: T;
}

/** Everything one server consists of. */
export interface WorkloadManifests {
  readonly deployments: Keyed<k8s.apps.v1.DeploymentArgs>[];
  readonly statefulSets: Keyed<k8s.apps.v1.StatefulSetArgs>[];
  readonly services: Keyed<k8s.core.v1.ServiceArgs>[];
  readonly podDisruptionBudgets: Keyed<k8s.policy.v1.PodDisruptionBudgetArgs>[];
  readonly autoscalers: Keyed<k8s.autoscaling.v2.HorizontalPodAutoscalerArgs>[];
}

/** One Deployment or StatefulSet of a server: the only one, or one colour of a blue/green pair. */
interface Variant {
  readonly key: string;
  readonly objectName: string;
  readonly image: string;
  readonly version: string;
  readonly color?: Color;
}

/** The name of the Service that reaches a blue/green server's idle colour. */
export function previewServiceName(server: string): string {
  return `${server}-preview`;
}

/** The colour that is not `color`. */
export function otherColor(color: Color): Color {
  return color === "blue" ? "green" : "blue";
}

/** Builds every object of a server. Call `validateWorkloadSpec` first: this assumes a valid spec. */
export function buildWorkload(input: WorkloadSpec): WorkloadManifests {
  const spec = resolveWorkloadSpec(input);
  const variants = variantsOf(spec);
  const autoscaled = spec.maxReplicas > spec.replicas;
  const manifests: WorkloadManifests = {
    deployments: [],
    statefulSets: [],
    services: [],
    podDisruptionBudgets: [],
    autoscalers: [],
  };

  for (const variant of variants) {
    const labels = objectLabels(spec, variant);
    const metadata = {
      name: variant.objectName,
      namespace: spec.namespace,
      labels: { ...labels, ...chaosLabels(labelValue(`${spec.instance}-${variant.objectName}`), spec.chaos) },
    };
    const selector = selectorLabels(spec, variant.color);
    const template = podTemplate(spec, variant, metadata.labels);
    if (spec.kind === "StatefulSet") {
      manifests.statefulSets.push({
        key: variant.key,
        args: { metadata, spec: statefulSetSpec(spec, selector, template) },
      });
    } else {
      manifests.deployments.push({
        key: variant.key,
        args: {
          metadata,
          spec: {
            // With an autoscaler, `replicas` stays unset so a `pulumi up` never resets its choice.
            ...(autoscaled ? {} : { replicas: spec.replicas }),
            selector: { matchLabels: selector },
            strategy:
              spec.release.type === "recreate"
                ? { type: "Recreate" }
                : { type: "RollingUpdate", rollingUpdate: { maxUnavailable: 0, maxSurge: 1 } },
            revisionHistoryLimit: 5,
            progressDeadlineSeconds: 600,
            template,
          },
        },
      });
    }
    const companion = { name: variant.objectName, namespace: spec.namespace, labels };
    const pdb = podDisruptionBudget(companion, selector, spec.maxReplicas);
    if (pdb) manifests.podDisruptionBudgets.push({ key: keyFor(variant, "pdb"), args: pdb });
    const hpa = horizontalPodAutoscaler(
      companion,
      { kind: spec.kind, name: variant.objectName },
      { minReplicas: spec.replicas, maxReplicas: spec.maxReplicas, cpuPercent: spec.autoscaleCpuPercent },
    );
    if (hpa) manifests.autoscalers.push({ key: keyFor(variant, "hpa"), args: hpa });
  }

  if (spec.release.type === "blueGreen") {
    const active = spec.release.active;
    manifests.services.push({ key: "service", args: service(spec, spec.name, active, variants) });
    manifests.services.push({
      key: "preview-service",
      args: service(spec, previewServiceName(spec.name), otherColor(active), variants),
    });
  } else {
    manifests.services.push({ key: "service", args: service(spec, spec.name, undefined, variants) });
  }
  return manifests;
}

function variantsOf(spec: ResolvedWorkloadSpec): Variant[] {
  if (spec.release.type === "blueGreen") {
    const images = spec.release.images;
    return (["blue", "green"] as const).map((color) => ({
      key: color,
      objectName: `${spec.name}-${color}`,
      image: images[color].image,
      version: images[color].version,
      color,
    }));
  }
  const key = spec.kind === "StatefulSet" ? "statefulset" : "deployment";
  return [{ key, objectName: spec.name, image: spec.image, version: spec.version }];
}

function keyFor(variant: Variant, suffix: string): string {
  return variant.color ? `${variant.color}-${suffix}` : suffix;
}

function objectLabels(spec: ResolvedWorkloadSpec, variant: Variant): Record<string, string> {
  return {
    ...recommendedLabels(
      {
        name: spec.name,
        instance: spec.instance,
        version: variant.version,
        component: spec.component,
        partOf: spec.partOf,
      },
      variant.color,
    ),
    ...spec.labels,
  };
}

function podTemplate(
  spec: ResolvedWorkloadSpec,
  variant: Variant,
  labels: Record<string, string>,
): k8s.types.input.core.v1.PodTemplateSpec {
  const scratch = scratchVolumes(spec.writablePaths);
  const placement = podPlacement(spec.placement, spec.graceTolerations);
  const dataMount = spec.storage ? [{ name: "data", mountPath: spec.storage.mountPath }] : [];
  const seeded = spec.writablePaths.filter((p) => p.seedFromImage);
  // Same image and same restricted identity as the server: it reads the image's own directory.
  const initContainers =
    seeded.length === 0
      ? []
      : [
          {
            name: SEED_CONTAINER_NAME,
            image: variant.image,
            imagePullPolicy: "IfNotPresent",
            command: ["/bin/sh", "-c", seedScript(seeded)],
            resources: {
              requests: { ...SEED_CONTAINER_RESOURCES.requests },
              limits: { ...SEED_CONTAINER_RESOURCES.limits },
            },
            securityContext: containerSecurityContext(spec.runAs),
            volumeMounts: seeded.map((p) => ({ name: p.name, mountPath: `${SEED_MOUNT_DIR}/${p.name}` })),
          },
        ];
  return {
    metadata: { labels: { ...labels }, annotations: { ...spec.podAnnotations } },
    spec: {
      automountServiceAccountToken: spec.serviceAccountToken,
      // Service links would put one `<SERVICE>_PORT`-style variable per Service into every pod,
      // shadowing variables such as MYSQL_PORT that the servers read.
      enableServiceLinks: false,
      securityContext: podSecurityContext(spec.runAs),
      nodeSelector: placement.nodeSelector,
      tolerations: placement.tolerations,
      topologySpreadConstraints: topologySpread(
        selectorLabels(spec, variant.color),
        spec.maxReplicas,
        spec.spread,
      ),
      terminationGracePeriodSeconds: spec.terminationGracePeriodSeconds,
      ...(initContainers.length > 0 ? { initContainers } : {}),
      containers: [
        {
          name: spec.name,
          image: variant.image,
          imagePullPolicy: "IfNotPresent",
          ...(spec.command ? { command: [...spec.command] } : {}),
          ...(spec.args ? { args: [...spec.args] } : {}),
          ports: [spec.port, ...spec.extraPorts].map((p) => ({
            name: p.name,
            containerPort: p.containerPort,
            protocol: "TCP",
          })),
          env: [...spec.env],
          envFrom: [...spec.envFrom],
          resources: {
            requests: { cpu: spec.resources.cpu, memory: spec.resources.memory },
            limits: {
              memory: spec.resources.memoryLimit,
              ...(spec.resources.cpuLimit ? { cpu: spec.resources.cpuLimit } : {}),
            },
          },
          ...containerProbes(spec.probes),
          ...(spec.preStopSleepSeconds > 0
            ? { lifecycle: { preStop: { sleep: { seconds: spec.preStopSleepSeconds } } } }
            : {}),
          securityContext: containerSecurityContext(spec.runAs),
          volumeMounts: [...scratch.volumeMounts, ...dataMount],
        },
      ],
      volumes: scratch.volumes,
    },
  };
}

function statefulSetSpec(
  spec: ResolvedWorkloadSpec,
  selector: Record<string, string>,
  template: k8s.types.input.core.v1.PodTemplateSpec,
): k8s.types.input.apps.v1.StatefulSetSpec {
  const storage = spec.storage!;
  return {
    replicas: spec.replicas,
    serviceName: spec.name,
    selector: { matchLabels: selector },
    podManagementPolicy: "OrderedReady",
    updateStrategy: { type: "RollingUpdate" },
    revisionHistoryLimit: 5,
    // The volume outlives the StatefulSet and scale-downs: data is only ever deleted on purpose.
    persistentVolumeClaimRetentionPolicy: { whenDeleted: "Retain", whenScaled: "Retain" },
    template,
    volumeClaimTemplates: [
      {
        metadata: { name: "data", labels: selectorLabels(spec) },
        spec: {
          accessModes: ["ReadWriteOnce"],
          storageClassName: storage.storageClassName,
          resources: { requests: { storage: storage.size } },
        },
      },
    ],
  };
}

function service(
  spec: ResolvedWorkloadSpec,
  name: string,
  color: Color | undefined,
  variants: readonly Variant[],
): k8s.core.v1.ServiceArgs {
  const selected = variants.find((v) => v.color === color) ?? variants[0]!;
  return {
    metadata: { name, namespace: spec.namespace, labels: objectLabels(spec, selected) },
    spec: {
      type: "ClusterIP",
      ...(spec.headlessService ? { clusterIP: "None", publishNotReadyAddresses: true } : {}),
      selector: selectorLabels(spec, color),
      ports: [spec.port, ...spec.extraPorts].map((p) => ({
        name: p.name,
        port: p.servicePort ?? p.containerPort,
        targetPort: p.name,
        protocol: "TCP",
      })),
    },
  };
}
