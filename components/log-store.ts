import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { OPENSEARCH_CHART } from "../lib/logging/charts";
import { openSearchUrl, openSearchValues } from "../lib/logging/opensearch";
import { CHART_LABELS, loggingLabels, type Placement } from "../lib/logging/pod-defaults";
import { MIN_JVM_MEMORY_MIB, type PartRequests } from "../lib/logging/resources";
import { logIndexTemplate, retentionPolicy } from "../lib/logging/retention";
import { configHash, retentionConfigData, retentionJobManifest } from "../lib/logging/retention-job";
import { assertValidArgs, type ArgProblem } from "../lib/validation";
import { pinnedRelease } from "./pinned-release";

/** The Helm release name of the store. */
export const OPENSEARCH_RELEASE = "opensearch";
/** The ConfigMap the retention Job reads. */
export const RETENTION_CONFIG_MAP = "log-retention";

/** Arguments of {@link LogStore}. */
export interface LogStoreArgs {
  readonly provider: k8s.Provider;
  /** The namespace (created by the caller; `dependsOn` orders after it). */
  readonly namespaceName: string;
  /** 1, 3 or 5 nodes. */
  readonly nodes: number;
  readonly storageGiB: number;
  /** @default "gp3" */
  readonly storageClass?: string;
  readonly requests: PartRequests;
  readonly retentionDays: number;
  readonly placement: Placement;
  /** Name of the Secret holding the admin's `username` and `password`. */
  readonly adminSecret: string;
  /** Name of the Secret holding `internal_users.yml`. */
  readonly internalUsersSecret: string;
  /** Resources the release waits for (namespace, secrets). @default [] */
  readonly dependsOn?: pulumi.Input<pulumi.Resource>[];
}

/** Checks LogStore's arguments; returns every problem found. */
export function validateLogStoreArgs(args: LogStoreArgs): ArgProblem[] {
  const problems: ArgProblem[] = [];
  if (![1, 3, 5].includes(args.nodes))
    problems.push({ propertyPath: "nodes", reason: `must be 1, 3 or 5, got ${args.nodes}` });
  if (!Number.isInteger(args.storageGiB) || args.storageGiB < 10) {
    problems.push({
      propertyPath: "storageGiB",
      reason: `must be a whole number of GiB, 10 or more, got ${args.storageGiB}`,
    });
  }
  if (!Number.isInteger(args.requests.memoryMiB) || args.requests.memoryMiB < MIN_JVM_MEMORY_MIB) {
    problems.push({
      propertyPath: "requests.memoryMiB",
      reason: `must be a whole number, at least ${MIN_JVM_MEMORY_MIB} (half of it is the JVM heap)`,
    });
  }
  try {
    retentionPolicy(args.retentionDays);
  } catch (err) {
    problems.push({ propertyPath: "retentionDays", reason: (err as Error).message });
  }
  return problems;
}

/**
 * The log store: OpenSearch from its pinned chart (StatefulSet on gp3 volumes, security plugin on),
 * and the Job that installs the retention policy and the index template once it is up.
 */
export class LogStore extends pulumi.ComponentResource {
  /** `https://opensearch-cluster-master.<namespace>.svc:9200`. */
  readonly url: pulumi.Output<string>;
  /** The release; later parts wait for it. */
  readonly release: k8s.helm.v3.Release;

  constructor(name: string, args: LogStoreArgs, opts?: pulumi.ComponentResourceOptions) {
    super("game:index:LogStore", name, {}, opts);
    assertValidArgs("LogStore", name, validateLogStoreArgs(args));
    const storageClass = args.storageClass ?? "gp3";
    const k8sOpts = { parent: this, provider: args.provider };

    this.release = pinnedRelease(
      `${name}-opensearch`,
      OPENSEARCH_RELEASE,
      OPENSEARCH_CHART,
      args.namespaceName,
      openSearchValues({
        nodes: args.nodes,
        storageGiB: args.storageGiB,
        storageClass,
        requests: args.requests,
        placement: args.placement,
        labels: CHART_LABELS,
        adminSecret: args.adminSecret,
        internalUsersSecret: args.internalUsersSecret,
      }),
      // Logs are not worth a release-blocking restore, but a `pulumi destroy` must not take the
      // volumes' release with it by surprise either: the release is left for an operator to remove.
      { ...k8sOpts, dependsOn: args.dependsOn ?? [], retainOnDelete: true },
    );

    const labels = loggingLabels("log-retention", "retention");
    const data = retentionConfigData(retentionPolicy(args.retentionDays), logIndexTemplate(args.nodes));
    const config = new k8s.core.v1.ConfigMap(
      `${name}-retention`,
      { metadata: { name: RETENTION_CONFIG_MAP, namespace: args.namespaceName, labels }, data },
      { ...k8sOpts, dependsOn: args.dependsOn ?? [] },
    );
    new k8s.batch.v1.Job(
      `${name}-retention`,
      retentionJobManifest({
        namespace: args.namespaceName,
        configMapName: RETENTION_CONFIG_MAP,
        configHash: configHash(data),
        openSearchUrl: openSearchUrl(args.namespaceName),
        credentialsSecret: args.adminSecret,
        placement: args.placement,
        labels,
      }),
      { ...k8sOpts, dependsOn: [this.release, config] },
    );

    this.url = pulumi.output(openSearchUrl(args.namespaceName));
    this.registerOutputs({ url: this.url });
  }
}
