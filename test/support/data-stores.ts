/** Test fixture: SharedDataStores (and environments' data access) under mocks, without the rest of the stack. */
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { SharedDataStores } from "../../components/shared-data-stores";
import type { EnvironmentDataAccess } from "../../lib/data-access";
import { graceTolerations } from "../../lib/grace";
import type { EnvironmentConfig, StackConfig } from "../../stacks/config";
import { runComponent } from "../harness";

/** Where the fixture's cluster runs shared work: the system pool, with 240 s grace tolerations. */
export const SYSTEM_SCHEDULING = {
  nodeSelector: { "game-infra/pool": "system" },
  tolerations: graceTolerations(240),
};

/**
 * Shared data stores for `config` (named like the stack's: `<stack>`, `game-infra-<stack>-*`) on a
 * stand-in VPC and cluster, plus every given environment's data access, as GameEnvironment would
 * create it.
 */
export async function runEnvironments(
  config: StackConfig,
  environments: readonly EnvironmentConfig[] = config.environments,
) {
  return runComponent(
    () => {
      const provider = new k8s.Provider("k8s", { kubeconfig: "{}" });
      const stores = new SharedDataStores(config.stack, {
        clusterName: `${config.project}-${config.stack}`,
        network: {
          vpcId: pulumi.output(`vpc-0${config.stack}`),
          vpcCidr: config.network.cidr,
          privateSubnetIds: ["subnet-a", "subnet-b", "subnet-c"].map((id) => pulumi.output(id)),
        },
        cluster: {
          provider,
          nodeSecurityGroupId: pulumi.output("sg-nodes"),
          systemScheduling: SYSTEM_SCHEDULING,
          readyResources: [],
        },
        mysql: config.mysql,
        redis: config.redis,
        logRetentionDays: 7,
        applyImmediately: config.tier !== "stage",
      });
      const access: Record<string, EnvironmentDataAccess> = {};
      for (const env of environments) {
        const owner = new pulumi.ComponentResource("test:index:Environment", env.name);
        access[env.name] = stores.dataAccessFor(env)(pulumi.output(env.name), owner);
      }
      return { stores, access };
    },
    { stack: config.stack },
  );
}
