/**
 * The Strimzi cluster operator's chart values: one replica in the `logging` namespace watching only
 * that namespace, its images pinned, and every pod it creates (Kafka, topic operator) given the
 * restricted Pod Security Standard's security contexts through Strimzi's `restricted` provider.
 */
import type { Toleration } from "../grace";
import { STRIMZI_IMAGE_TAG } from "./charts";
import {
  placementValues,
  restrictedContainerSecurityContext,
  restrictedPodSecurityContext,
  type Placement,
} from "./pod-defaults";
import {
  CHART_CPU_LIMIT_MILLICORES,
  KAFKA_OPERATOR_REQUESTS,
  containerResources,
  type ContainerResources,
} from "./resources";

/** The Helm release name. */
export const STRIMZI_RELEASE = "strimzi-kafka-operator";
/** The operator image's user. */
export const STRIMZI_UID = 1001;

/** The subset of the strimzi-kafka-operator chart's values this program sets. */
export interface StrimziOperatorValues {
  readonly replicas: 1;
  readonly watchAnyNamespace: false;
  readonly watchNamespaces: readonly string[];
  readonly defaultImageTag: string;
  readonly createGlobalResources: true;
  readonly generateNetworkPolicy: true;
  readonly resources: ContainerResources;
  readonly nodeSelector: Record<string, string>;
  readonly tolerations: Toleration[];
  readonly podSecurityContext: ReturnType<typeof restrictedPodSecurityContext>;
  readonly securityContext: ReturnType<typeof restrictedContainerSecurityContext>;
  readonly extraEnvs: ReadonlyArray<{ readonly name: string; readonly value: string }>;
  readonly labels: Record<string, string>;
  readonly logLevel: "INFO";
}

/** The operator's values; it runs on the system pool. */
export function strimziOperatorValues(
  placement: Placement,
  labels: Readonly<Record<string, string>>,
): StrimziOperatorValues {
  return {
    replicas: 1,
    // Its own namespace only: the operator's reach is the buffer, nothing else in the cluster.
    watchAnyNamespace: false,
    watchNamespaces: [],
    defaultImageTag: STRIMZI_IMAGE_TAG,
    createGlobalResources: true,
    generateNetworkPolicy: true,
    resources: containerResources(KAFKA_OPERATOR_REQUESTS, 1, CHART_CPU_LIMIT_MILLICORES),
    ...placementValues(placement),
    podSecurityContext: restrictedPodSecurityContext(STRIMZI_UID),
    securityContext: restrictedContainerSecurityContext(STRIMZI_UID),
    extraEnvs: [{ name: "STRIMZI_POD_SECURITY_PROVIDER_CLASS", value: "restricted" }],
    labels: { ...labels },
    logLevel: "INFO",
  };
}
