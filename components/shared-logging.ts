import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import { LOGGING_NAMESPACE } from "../lib/naming";
import { everyNodeTolerations } from "../lib/logging/collector";
import { DASHBOARDS_SECRET_KEYS, DASHBOARDS_SERVER_USER } from "../lib/logging/dashboards";
import { loggingFootprint, type LoggingFootprint } from "../lib/logging/footprint";
import { ENVIRONMENT_INDEX_PATTERN_TEMPLATE } from "../lib/logging/index-naming";
import { loggingNetworkPolicies } from "../lib/logging/network-policies";
import {
  OPENSEARCH_HTTP_PORT,
  OPENSEARCH_SERVICE,
  OPENSEARCH_USERS,
  internalUsersYaml,
} from "../lib/logging/opensearch";
import { loggingLabels } from "../lib/logging/pod-defaults";
import { loggingProblems, type LoggingSettings } from "../lib/logging/settings";
import { assertValidArgs, type ArgProblem } from "../lib/validation";
import type { GameCluster } from "./cluster";
import { LogBuffer } from "./log-buffer";
import { LogCollector } from "./log-collector";
import { LogDashboards } from "./log-dashboards";
import { LogStore } from "./log-store";

/** The Secrets the pipeline's parts read, by fixed name (chart values refer to them by name). */
export const LOGGING_SECRETS = {
  admin: "opensearch-admin",
  internalUsers: "opensearch-internal-users",
  dashboards: "opensearch-dashboards-credentials",
} as const;

/** What SharedLogging needs from the cluster (its workloads wait for `readyResources`). */
export type LoggingCluster = Pick<
  GameCluster,
  "provider" | "systemScheduling" | "graceTolerations" | "nodePools" | "certificateArn" | "readyResources"
>;

/** Arguments of {@link SharedLogging}. */
export interface SharedLoggingArgs {
  readonly cluster: LoggingCluster;
  /** The stack's resolved `logging` settings. */
  readonly settings: LoggingSettings;
  /** Desired node count per pool: the collector runs on all of them, the store needs system nodes. */
  readonly poolNodeCounts: Readonly<Record<string, number>>;
  /** The stack's domain; Dashboards is `logs.<domain>`. */
  readonly domain: string;
  /** The stack's shared ALB IngressGroup. */
  readonly ingressGroup: string;
  /** The VPC's CIDR: the ALB reaches Dashboards from inside it. */
  readonly vpcCidr: string;
  /** @default "logging" */
  readonly namespace?: string;
  /** @default "gp3" */
  readonly storageClass?: string;
}

/** Checks SharedLogging's arguments; returns every problem found. */
export function validateSharedLoggingArgs(args: SharedLoggingArgs): ArgProblem[] {
  const problems: ArgProblem[] = [];
  const system = args.cluster.nodePools.system;
  if (!system)
    return [{ propertyPath: "cluster.nodePools", reason: 'needs a "system" pool for the shared services' }];
  for (const pool of Object.keys(args.cluster.nodePools)) {
    if (!(args.poolNodeCounts[pool]! >= 0)) {
      problems.push({ propertyPath: "poolNodeCounts", reason: `has no node count for pool "${pool}"` });
    }
  }
  for (const p of loggingProblems(args.settings, {
    nodes: args.poolNodeCounts.system ?? 0,
    allocatableCpuMillicores: system.sizing.allocatableCpuMillicores,
    allocatableMemoryMiB: system.sizing.allocatableMemoryMiB,
  })) {
    problems.push({ propertyPath: `settings.${p.path}`, reason: p.message });
  }
  return problems;
}

/**
 * The stack's shared log pipeline in the `logging` namespace: Fluent Bit on every node, OpenSearch
 * (one index per environment per day, deleted after the tier's retention), OpenSearch Dashboards at
 * `logs.<domain>` on the shared ALB, and, where the settings ask for it, a Kafka buffer with Logstash
 * between the collector and the store. Everything but the collector runs on the system pool.
 */
export class SharedLogging extends pulumi.ComponentResource {
  /** `https://logs.<domain>`. */
  readonly dashboardsUrl: pulumi.Output<string>;
  /** OpenSearch's in-cluster address. */
  readonly openSearchAddress: pulumi.Output<string>;
  /** The index pattern of one environment, with a placeholder (`logs-<environment>.*`). */
  readonly indexPattern: string;
  /** What the collector requests on every node (it comes off each node's capacity). */
  readonly collectorRequestsPerNode: { readonly cpu: string; readonly memory: string };
  /** The pipeline's requests, summed per part and per pool. */
  readonly footprint: LoggingFootprint;
  /** The OpenSearch admin's password (secret): Dashboards login for people. */
  readonly adminPassword: pulumi.Output<string>;

  constructor(name: string, args: SharedLoggingArgs, opts?: pulumi.ComponentResourceOptions) {
    super("game:index:SharedLogging", name, {}, opts);
    assertValidArgs("SharedLogging", name, validateSharedLoggingArgs(args));
    const settings = args.settings;
    const namespaceName = args.namespace ?? LOGGING_NAMESPACE;
    const storageClass = args.storageClass ?? "gp3";
    const provider = args.cluster.provider;
    const k8sOpts = { parent: this, provider };
    const placement = args.cluster.systemScheduling;
    // Nodes, CoreDNS, the EBS CSI driver and the load balancer controller's webhook must exist before
    // any release here can become ready (or an Ingress be admitted) within its timeout.
    const clusterReady = [...args.cluster.readyResources];

    // The collector's hostPath is forbidden by the baseline and restricted standards alike, so the
    // namespace cannot enforce either; it warns and audits against restricted, and the policy pack
    // enforces the restricted rules per workload, with the collector's one hostPath allow-listed.
    const namespace = new k8s.core.v1.Namespace(
      `${name}-namespace`,
      {
        metadata: {
          name: namespaceName,
          labels: {
            ...loggingLabels("logging", "namespace"),
            "pod-security.kubernetes.io/enforce": "privileged",
            "pod-security.kubernetes.io/warn": "restricted",
            "pod-security.kubernetes.io/audit": "restricted",
          },
        },
      },
      k8sOpts,
    );
    const inNamespace = { ...k8sOpts, dependsOn: [namespace] };

    const policies = Object.entries(
      loggingNetworkPolicies(namespaceName, args.vpcCidr, loggingLabels("logging", "network-policy")),
    ).map(
      ([policyName, manifest]) =>
        new k8s.networking.v1.NetworkPolicy(`${name}-${policyName}`, manifest, inNamespace),
    );

    const password = (purpose: string, length: number) =>
      new random.RandomPassword(
        `${name}-${purpose}`,
        // Specials limited to ones no config file, URL or shell that carries the value treats as syntax.
        {
          length,
          special: true,
          overrideSpecial: "-_.+",
          minSpecial: 2,
          minUpper: 2,
          minLower: 2,
          minNumeric: 2,
        },
        { parent: this },
      );
    const admin = password("admin-password", 32);
    const dashboardsUser = password("dashboards-password", 32);
    const cookie = password("dashboards-cookie", 48);
    const secretLabels = loggingLabels("opensearch", "credentials");
    const adminSecret = new k8s.core.v1.Secret(
      `${name}-admin`,
      {
        metadata: { name: LOGGING_SECRETS.admin, namespace: namespaceName, labels: secretLabels },
        type: "Opaque",
        stringData: pulumi.secret(
          admin.result.apply((p) => ({ username: OPENSEARCH_USERS.admin, password: p })),
        ),
      },
      inNamespace,
    );
    const usersSecret = new k8s.core.v1.Secret(
      `${name}-internal-users`,
      {
        metadata: { name: LOGGING_SECRETS.internalUsers, namespace: namespaceName, labels: secretLabels },
        type: "Opaque",
        stringData: pulumi.secret(
          pulumi.all([admin.bcryptHash, dashboardsUser.bcryptHash]).apply(([adminHash, dashboardsHash]) => ({
            "internal_users.yml": internalUsersYaml({ admin: adminHash, dashboards: dashboardsHash }),
          })),
        ),
      },
      inNamespace,
    );
    const dashboardsSecret = new k8s.core.v1.Secret(
      `${name}-dashboards`,
      {
        metadata: { name: LOGGING_SECRETS.dashboards, namespace: namespaceName, labels: secretLabels },
        type: "Opaque",
        stringData: pulumi.secret(
          pulumi.all([dashboardsUser.result, cookie.result]).apply(([p, c]) => ({
            [DASHBOARDS_SECRET_KEYS.username]: DASHBOARDS_SERVER_USER,
            [DASHBOARDS_SECRET_KEYS.password]: p,
            [DASHBOARDS_SECRET_KEYS.cookie]: c,
          })),
        ),
      },
      inNamespace,
    );

    const store = new LogStore(
      `${name}-store`,
      {
        provider,
        namespaceName,
        nodes: settings.openSearchNodes,
        storageGiB: settings.storageGiB,
        storageClass,
        requests: settings.requests.openSearch,
        retentionDays: settings.retentionDays,
        placement,
        adminSecret: LOGGING_SECRETS.admin,
        internalUsersSecret: LOGGING_SECRETS.internalUsers,
        dependsOn: [...clusterReady, namespace, adminSecret, usersSecret, ...policies],
      },
      { parent: this },
    );

    const dashboards = new LogDashboards(
      `${name}-dashboards`,
      {
        provider,
        namespaceName,
        replicas: settings.dashboardsReplicas,
        requests: settings.requests.dashboards,
        placement,
        credentialsSecret: LOGGING_SECRETS.dashboards,
        domain: args.domain,
        ingressGroup: args.ingressGroup,
        certificateArn: args.cluster.certificateArn,
        allowedCidrs: settings.dashboardsAllowedCidrs,
        dependsOn: [...clusterReady, store.release, dashboardsSecret],
      },
      { parent: this },
    );

    const buffer = settings.buffer
      ? new LogBuffer(
          `${name}-buffer`,
          {
            provider,
            namespaceName,
            kafkaNodes: settings.kafkaNodes,
            storageGiB: settings.kafkaStorageGiB,
            storageClass,
            retentionHours: settings.bufferRetentionHours,
            kafkaRequests: settings.requests.kafka,
            logstashReplicas: settings.logstashReplicas,
            logstashRequests: settings.requests.logstash,
            placement,
            credentialsSecret: LOGGING_SECRETS.admin,
            store: store.release,
            dependsOn: [...clusterReady, namespace, adminSecret, ...policies],
          },
          { parent: this },
        )
      : undefined;

    const collector = new LogCollector(
      `${name}-collector`,
      {
        provider,
        namespaceName,
        output: buffer
          ? { kind: "kafka", brokers: buffer.bootstrap, topic: buffer.topic }
          : {
              kind: "opensearch",
              host: `${OPENSEARCH_SERVICE}.${namespaceName}.svc`,
              port: OPENSEARCH_HTTP_PORT,
            },
        requests: settings.requests.collector,
        tolerations: everyNodeTolerations(
          Object.values(args.cluster.nodePools),
          args.cluster.graceTolerations,
        ),
        credentialsSecret: LOGGING_SECRETS.admin,
        dependsOn: [...clusterReady, adminSecret, buffer ? buffer.topicResource : store.release],
      },
      { parent: this },
    );

    this.dashboardsUrl = dashboards.url;
    this.openSearchAddress = store.url;
    this.indexPattern = ENVIRONMENT_INDEX_PATTERN_TEMPLATE;
    this.collectorRequestsPerNode = collector.requestsPerNode;
    this.footprint = loggingFootprint({
      requests: settings.requests,
      openSearchNodes: settings.openSearchNodes,
      dashboardsReplicas: settings.dashboardsReplicas,
      buffer: settings.buffer,
      kafkaNodes: settings.kafkaNodes,
      logstashReplicas: settings.logstashReplicas,
      systemNode: args.cluster.nodePools.system!.sizing,
      pools: Object.entries(args.cluster.nodePools).map(([pool, info]) => ({
        name: pool,
        nodes: args.poolNodeCounts[pool] ?? 0,
        allocatableCpuMillicores: info.sizing.allocatableCpuMillicores,
        allocatableMemoryMiB: info.sizing.allocatableMemoryMiB,
      })),
    });
    this.adminPassword = pulumi.secret(admin.result);
    this.registerOutputs({
      dashboardsUrl: this.dashboardsUrl,
      openSearchAddress: this.openSearchAddress,
      indexPattern: this.indexPattern,
      collectorRequestsPerNode: this.collectorRequestsPerNode,
    });
  }
}
