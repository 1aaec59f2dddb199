/**
 * The environment program: everything one environment stack (`<tier>.<env>`) creates. One
 * GameEnvironment (namespace, servers, quota, network policies, Ingress, the owning team's
 * RoleBinding) with its share of the shared data stores (EnvironmentData: a database and user made
 * by a bootstrap Job in the platform namespace, credentials, the Redis AUTH token, `mysql`/`redis`
 * ExternalName Services). Nothing here is shared with another environment, so creating, updating or
 * destroying this stack never touches anyone else's.
 */
import * as aws from "@pulumi/aws";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { EnvironmentData, type DataStoreBindings } from "../components/environment-data";
import { GameEnvironment } from "../components/game-environment";
import { databaseName } from "../lib/data-access";
import type { EnvironmentPreset } from "../lib/environment/preset";
import { dashboardsHost } from "../lib/logging/dashboards";
import { environmentIndexPattern } from "../lib/logging/index-naming";
import type { EnvironmentConfig } from "../stacks/config";
import type { EnvironmentSettings } from "../stacks/environment-settings";

/** The platform's runtime values an environment uses (from the StackReference). */
export interface PlatformRuntime {
  /** The cluster's kubeconfig (secret). */
  readonly kubeconfig: pulumi.Input<string>;
  readonly certificateArn: pulumi.Input<string>;
  /** The RDS instance address. */
  readonly mysqlEndpoint: pulumi.Output<string>;
  /** The Redis replication group's primary endpoint address. */
  readonly redisEndpoint: pulumi.Output<string>;
  /** The Secrets Manager secret holding `{ host, port, token }` of the shared Redis (its ARN, never its value). */
  readonly redisAuthSecretArn: pulumi.Input<string>;
}

/** The stack config key `envs sync` sets before each update: the fingerprint it applies. */
export const SYNC_FINGERPRINT_CONFIG = "syncFingerprint";
/** The output that reports it back, so the next sync can skip an unchanged stack (any backend). */
export const SYNC_FINGERPRINT_OUTPUT = "syncFingerprint";

/** What an environment stack exports: its preset, for people and for game clients. */
export interface EnvironmentStackOutputs extends EnvironmentPreset {
  readonly tier: string;
  readonly team: string;
  readonly redisDb: number;
  readonly database: string;
  /** Where its logs are: the tier's Dashboards, and the index pattern of this environment. */
  readonly logs: { readonly dashboardsUrl: string; readonly indexPattern: string };
  /** The fingerprint `envs sync` applied (absent after a plain `pulumi up`). */
  readonly syncFingerprint?: string;
}

/**
 * The URN `pulumi state move` gives the platform's Kubernetes provider when it copies it into this
 * stack along with a migrated environment (it renames stack and project, keeps the type chain; see
 * docs/migration.md). The alias makes the engine treat that copy as this provider, so migrated
 * resources keep their provider and nothing is replaced. Harmless once no such copy exists.
 */
export function legacyClusterProviderUrn(settings: Pick<EnvironmentSettings, "stack">): string {
  return `urn:pulumi:${pulumi.getStack()}::${pulumi.getProject()}::game:index:GameCluster$pulumi:providers:kubernetes::${settings.stack}-k8s`;
}

/** Creates the environment's resources and returns its outputs. */
export function defineEnvironmentStack(
  environment: EnvironmentConfig,
  settings: EnvironmentSettings,
  platform: PlatformRuntime,
): EnvironmentStackOutputs {
  const name = environment.name;
  const provider = new k8s.Provider(
    "cluster",
    { kubeconfig: platform.kubeconfig, enableServerSideApply: true },
    { aliases: [legacyClusterProviderUrn(settings)] },
  );
  // Only to read the Redis AUTH token from Secrets Manager: the platform exports the secret's ARN,
  // never its value, so no environment stack's outputs or the platform's carry the token.
  const awsProvider = new aws.Provider("aws", { region: settings.region });
  const redisSecret = aws.secretsmanager.getSecretVersionOutput(
    { secretId: platform.redisAuthSecretArn },
    { provider: awsProvider },
  );
  const redisAuthToken = pulumi.secret(
    redisSecret.secretString.apply((text) => (JSON.parse(text) as { token: string }).token),
  );

  const stores: DataStoreBindings = {
    provider,
    platformNamespace: pulumi.output(settings.platformNamespace),
    mysqlEndpoint: platform.mysqlEndpoint,
    mysqlPort: settings.dataAccess.mysqlPort,
    redisEndpoint: platform.redisEndpoint,
    redisPort: settings.dataAccess.redisPort,
    redisDatabases: settings.redisDatabases,
    redisAuthToken,
    bootstrap: {
      serviceAccountName: settings.dataAccess.bootstrapServiceAccount,
      adminSecretName: settings.dataAccess.mysqlAdminSecretName,
      scheduling: settings.systemScheduling,
      // The platform stack creates the namespace, the admin Secret, the service account and the
      // egress policy; the deploy applies it before any environment stack (docs/deploy.md).
      dependsOn: [],
    },
  };

  const game = new GameEnvironment(name, {
    environment,
    cluster: {
      provider,
      gameScheduling: settings.gameScheduling,
      graceTolerations: settings.graceTolerations,
      certificateArn: platform.certificateArn,
    },
    dataAccess: (namespace, parent) =>
      new EnvironmentData(`${name}-data`, { environment, stores, namespace }, { parent }).access,
    domain: settings.domain,
    hostPattern: settings.hostPattern,
    ingressGroupName: settings.ingressGroupName,
    images: settings.images,
    loadBalancerCidrs: settings.loadBalancerCidrs,
  });

  const syncFingerprint = new pulumi.Config().get(SYNC_FINGERPRINT_CONFIG);
  return {
    ...game.preset,
    ...(syncFingerprint ? { [SYNC_FINGERPRINT_OUTPUT]: syncFingerprint } : {}),
    tier: environment.tier,
    team: environment.team,
    redisDb: environment.redisDb,
    database: databaseName(name),
    logs: {
      dashboardsUrl: `https://${dashboardsHost(settings.domain)}`,
      indexPattern: environmentIndexPattern(name),
    },
  };
}
