/**
 * Schemas for the Strimzi custom resources this program writes (`kafka.strimzi.io/v1`: Kafka,
 * KafkaNodePool, KafkaTopic), derived from the CRDs Strimzi 1.1.0 installs
 * (`install/cluster-operator/040-Crd-kafka.yaml`, `045-Crd-kafkanodepool.yaml`,
 * `043-Crd-kafkatopic.yaml` at tag 1.1.0, the `v1` version's `openAPIV3Schema`).
 *
 * How they were derived: for every object on a path this program sets, the schema lists that
 * object's properties as the CRD declares them, with the CRD's types, enums, patterns, minimums and
 * `required` lists; objects are strict, so a misspelt or removed field (for example the v1beta2-only
 * `spec.kafka.replicas`) fails here instead of being silently pruned by the API server. Sub-trees the
 * program never sets are left out instead of copied, so using one fails validation until it is
 * transcribed too. Kubernetes core shapes inside the CRDs (tolerations, affinity, security contexts)
 * follow the core API schema. `strimziResourceProblems` runs on every CR before it is registered
 * (components/log-buffer.ts) and on every Strimzi resource of an offline plan (tools/plan/k8s-validate.ts).
 */
import { z } from "zod";
import { isDns1123Subdomain } from "../dns-names";

/** The API version of every Strimzi CR this program writes (Strimzi 1.x serves only `v1`). */
export const STRIMZI_API_VERSION = "kafka.strimzi.io/v1";

/** The label that ties a KafkaNodePool or KafkaTopic to its Kafka cluster. */
export const STRIMZI_CLUSTER_LABEL = "strimzi.io/cluster";

const QUANTITY =
  /^(\+|-)?(([0-9]+(\.[0-9]*)?)|(\.[0-9]+))(([KMGTPE]i)|[numkMGTPE]|([eE](\+|-)?(([0-9]+(\.[0-9]*)?)|(\.[0-9]+))))?$/;
const JVM_HEAP = /^[0-9]+[mMgG]?$/;

const metadata = (labelsRequired: boolean) =>
  z.strictObject({
    name: z.string().refine(isDns1123Subdomain, { message: "must be a DNS-1123 subdomain" }),
    namespace: z.string().min(1),
    labels: labelsRequired
      ? z.record(z.string(), z.string()).refine((l) => typeof l[STRIMZI_CLUSTER_LABEL] === "string", {
          message: `needs the ${STRIMZI_CLUSTER_LABEL} label naming its Kafka cluster`,
        })
      : z.record(z.string(), z.string()).optional(),
    annotations: z.record(z.string(), z.string()).optional(),
  });

const quantity = z.union([z.int(), z.string().regex(QUANTITY, { message: "must be a Kubernetes quantity" })]);

/** `ResourceRequirements` (core). */
const resources = z.strictObject({
  limits: z.record(z.string(), quantity).optional(),
  requests: z.record(z.string(), quantity).optional(),
});

/** `jvmOptions` (Strimzi `JvmOptions`). */
const jvmOptions = z.strictObject({
  "-Xms": z.string().regex(JVM_HEAP).optional(),
  "-Xmx": z.string().regex(JVM_HEAP).optional(),
  "-XX": z.record(z.string(), z.string()).optional(),
  gcLoggingEnabled: z.boolean().optional(),
});

/** `Toleration` (core). */
const toleration = z.strictObject({
  key: z.string().optional(),
  operator: z.enum(["Exists", "Equal"]).optional(),
  value: z.string().optional(),
  effect: z.enum(["NoSchedule", "PreferNoSchedule", "NoExecute"]).optional(),
  tolerationSeconds: z.int().optional(),
});

const labelSelectorRequirement = z.strictObject({
  key: z.string(),
  operator: z.string(),
  values: z.array(z.string()).optional(),
});

/** `Affinity` (core), the parts this program sets. */
const affinity = z.strictObject({
  nodeAffinity: z
    .strictObject({
      requiredDuringSchedulingIgnoredDuringExecution: z.strictObject({
        nodeSelectorTerms: z
          .array(z.strictObject({ matchExpressions: z.array(labelSelectorRequirement) }))
          .min(1),
      }),
    })
    .optional(),
  podAntiAffinity: z
    .strictObject({
      preferredDuringSchedulingIgnoredDuringExecution: z.array(
        z.strictObject({
          weight: z.int().min(1).max(100),
          podAffinityTerm: z.strictObject({
            topologyKey: z.string().min(1),
            labelSelector: z.strictObject({ matchLabels: z.record(z.string(), z.string()) }),
          }),
        }),
      ),
    })
    .optional(),
});

/** Strimzi `PodTemplate`: there is no `nodeSelector` in it, so placement goes through `affinity`. */
const podTemplate = z.strictObject({
  metadata: z
    .strictObject({
      labels: z.record(z.string(), z.string()).optional(),
      annotations: z.record(z.string(), z.string()).optional(),
    })
    .optional(),
  affinity: affinity.optional(),
  tolerations: z.array(toleration).optional(),
  terminationGracePeriodSeconds: z.int().min(0).optional(),
  priorityClassName: z.string().optional(),
});

/** `spec.kafka.listeners[]` (Strimzi `GenericKafkaListener`). */
const listener = z.strictObject({
  name: z.string().regex(/^[a-z0-9]{1,11}$/, { message: "must be 1-11 lower-case letters or digits" }),
  port: z.int().min(9092),
  type: z.enum(["internal", "route", "tlsroute", "loadbalancer", "nodeport", "ingress", "cluster-ip"]),
  tls: z.boolean(),
});

/** A Kafka custom resource (`kafka.strimzi.io/v1`, kind Kafka). */
export const kafkaSchema = z.strictObject({
  apiVersion: z.literal(STRIMZI_API_VERSION),
  kind: z.literal("Kafka"),
  metadata: metadata(false),
  spec: z.strictObject({
    kafka: z.strictObject({
      version: z.string().optional(),
      metadataVersion: z.string().optional(),
      listeners: z.array(listener).min(1),
      config: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).optional(),
      template: z.strictObject({ pod: podTemplate.optional() }).optional(),
    }),
    entityOperator: z
      .strictObject({
        topicOperator: z
          .strictObject({
            watchedNamespace: z.string().optional(),
            reconciliationIntervalMs: z.int().min(0).optional(),
            resources: resources.optional(),
          })
          .optional(),
        template: z.strictObject({ pod: podTemplate.optional() }).optional(),
      })
      .optional(),
  }),
});

/** `spec.storage.volumes[]` of a node pool (Strimzi `SingleVolumeStorage`). */
const volume = z.strictObject({
  id: z.int().min(0),
  type: z.enum(["ephemeral", "persistent-claim"]),
  size: z.string().optional(),
  sizeLimit: z
    .string()
    .regex(/^([0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$/)
    .optional(),
  class: z.string().optional(),
  selector: z.record(z.string(), z.string()).optional(),
  volumeAttributesClass: z.string().optional(),
  deleteClaim: z.boolean().optional(),
  kraftMetadata: z.enum(["shared"]).optional(),
});

/** A KafkaNodePool custom resource (`kafka.strimzi.io/v1`). */
export const kafkaNodePoolSchema = z.strictObject({
  apiVersion: z.literal(STRIMZI_API_VERSION),
  kind: z.literal("KafkaNodePool"),
  metadata: metadata(true),
  spec: z.strictObject({
    replicas: z.int().min(0),
    roles: z.array(z.enum(["controller", "broker"])).min(1),
    storage: z
      .strictObject({
        type: z.enum(["ephemeral", "persistent-claim", "jbod"]),
        volumes: z.array(volume).optional(),
      })
      .refine((s) => s.type !== "jbod" || (s.volumes?.length ?? 0) > 0, {
        message: "jbod storage needs volumes",
      }),
    resources: resources.optional(),
    jvmOptions: jvmOptions.optional(),
    template: z.strictObject({ pod: podTemplate.optional() }).optional(),
  }),
});

/** A KafkaTopic custom resource (`kafka.strimzi.io/v1`). */
export const kafkaTopicSchema = z.strictObject({
  apiVersion: z.literal(STRIMZI_API_VERSION),
  kind: z.literal("KafkaTopic"),
  metadata: metadata(true),
  spec: z.strictObject({
    topicName: z.string().optional(),
    partitions: z.int().min(1),
    replicas: z.int().min(1).max(32767),
    config: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).optional(),
  }),
});

const SCHEMAS: Readonly<Record<string, z.ZodType>> = {
  Kafka: kafkaSchema,
  KafkaNodePool: kafkaNodePoolSchema,
  KafkaTopic: kafkaTopicSchema,
};

/** Problems with a Strimzi CR as `<path>: <message>` lines; empty when it is valid. */
export function strimziResourceProblems(resource: { readonly kind?: unknown }): string[] {
  // Own keys only: a kind such as "toString" must not pick up an Object.prototype method as a schema.
  const schema =
    typeof resource.kind === "string" && Object.hasOwn(SCHEMAS, resource.kind)
      ? SCHEMAS[resource.kind]
      : undefined;
  if (!schema) return [`kind: ${String(resource.kind)} is not a Strimzi kind this program knows`];
  const result = schema.safeParse(resource);
  if (result.success) return [];
  return result.error.issues.map((i) => `${i.path.join(".") || "(root)"}: ${i.message}`);
}
