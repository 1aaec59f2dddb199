/**
 * Test fixtures for the data stores under mocks, without the rest of a stack: the platform's
 * SharedDataStores alone, and environments' EnvironmentData wired the way an environment stack
 * wires it (`environment/program.ts`): from the settings and runtime outputs its platform exports.
 */
import * as aws from "@pulumi/aws";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { EnvironmentData, type DataStoreBindings } from "../../components/environment-data";
import { SharedDataStores } from "../../components/shared-data-stores";
import type { EnvironmentDataAccess } from "../../lib/data-access";
import type { EnvironmentConfig, StackConfig } from "../../stacks/config";
import type { TierName } from "../../stacks/tier";
import { environmentSettings, platformReference, runComponent } from "../harness";

/**
 * The stack's SharedDataStores for `config` (named like the stack's: `<stack>`,
 * `game-infra-<stack>-*`) on a stand-in VPC and cluster.
 */
export async function runDataStores(config: StackConfig) {
  return runComponent(
    () => {
      const provider = new k8s.Provider("k8s", { kubeconfig: "{}" });
      return new SharedDataStores(config.stack, {
        clusterName: `${config.project}-${config.stack}`,
        network: {
          vpcId: pulumi.output(`vpc-0${config.stack}`),
          vpcCidr: config.network.cidr,
          privateSubnetIds: ["subnet-a", "subnet-b", "subnet-c"].map((id) => pulumi.output(id)),
        },
        cluster: { provider, nodeSecurityGroupId: pulumi.output("sg-nodes") },
        mysql: config.mysql,
        redis: config.redis,
        logRetentionDays: 7,
        applyImmediately: config.applyDataStoreChangesImmediately,
      });
    },
    { stack: config.stack },
  );
}

/** The platform's data-store outputs an environment stack reads (`dataStores` of the platform stack). */
interface PlatformDataStores {
  readonly mysql: { readonly endpoint: string };
  readonly redis: { readonly endpoint: string; readonly authSecretArn: string };
}

/**
 * EnvironmentData for each of `environments`, in one mock run, each under a stand-in parent named
 * after the environment (as GameEnvironment parents it), with the bindings an environment stack
 * builds: the tier's `environmentSettings`, the planned platform's endpoints and Redis AUTH secret
 * ARN, the token read from Secrets Manager. Returns each environment's data access and the
 * platform's data-store outputs it was built against.
 */
export async function runEnvironmentData(tier: TierName, environments: readonly EnvironmentConfig[]) {
  const settings = await environmentSettings(tier);
  const platform = (await platformReference(tier)).outputs;
  const dataStores = platform.dataStores as PlatformDataStores;
  const run = await runComponent(
    () => {
      const provider = new k8s.Provider("cluster", {
        kubeconfig: pulumi.secret(platform.kubeconfig as string),
        enableServerSideApply: true,
      });
      const awsProvider = new aws.Provider("aws", { region: settings.region });
      const redisSecret = aws.secretsmanager.getSecretVersionOutput(
        { secretId: dataStores.redis.authSecretArn },
        { provider: awsProvider },
      );
      const stores: DataStoreBindings = {
        provider,
        platformNamespace: pulumi.output(settings.platformNamespace),
        mysqlEndpoint: pulumi.output(dataStores.mysql.endpoint),
        mysqlPort: settings.dataAccess.mysqlPort,
        redisEndpoint: pulumi.output(dataStores.redis.endpoint),
        redisPort: settings.dataAccess.redisPort,
        redisDatabases: settings.redisDatabases,
        redisAuthToken: pulumi.secret(
          redisSecret.secretString.apply((text) => (JSON.parse(text) as { token: string }).token),
        ),
        bootstrap: {
          serviceAccountName: settings.dataAccess.bootstrapServiceAccount,
          adminSecretName: settings.dataAccess.mysqlAdminSecretName,
          scheduling: settings.systemScheduling,
          dependsOn: [],
        },
      };
      const access: Record<string, EnvironmentDataAccess> = {};
      for (const env of environments) {
        const parent = new pulumi.ComponentResource("test:index:Environment", env.name);
        access[env.name] = new EnvironmentData(
          `${env.name}-data`,
          { environment: env, stores, namespace: pulumi.output(env.name) },
          { parent },
        ).access;
      }
      return { access, stores };
    },
    { stack: tier },
  );
  return { ...run, platform: dataStores };
}
