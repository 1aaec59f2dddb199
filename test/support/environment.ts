/**
 * TEST ONLY: builds GameEnvironment arguments from a stack's committed config, with a light
 * stand-in for the cluster (a provider, the game pool's placement and grace tolerations from the
 * same pure functions GameCluster uses) and the test data-access factory.
 */
import * as k8s from "@pulumi/kubernetes";
import { subnetLayout } from "../../lib/cidr";
import { graceTolerations } from "../../lib/grace";
import { ingressGroupName } from "../../lib/naming";
import { poolScheduling } from "../../lib/scheduling";
import type { GameEnvironmentArgs } from "../../components/game-environment";
import type { EnvironmentConfig, StackConfig } from "../../stacks/config";
import { testDataAccess } from "./data-access";

/** A cluster stand-in with the members GameEnvironment reads. */
export function testCluster(config: StackConfig): GameEnvironmentArgs["cluster"] {
  const game = poolScheduling(config.nodePools.find((p) => p.name === "game")!);
  const grace = graceTolerations(config.cluster.nodeMonitorGracePeriodSeconds);
  return {
    provider: new k8s.Provider("test-k8s", { kubeconfig: "{}" }),
    gameScheduling: { nodeSelector: { ...game.nodeSelector }, tolerations: [...game.tolerations, ...grace] },
    graceTolerations: grace,
    certificateArn: "arn:aws:acm:eu-west-1:123456789012:certificate/test",
  };
}

/** GameEnvironment arguments for `env` of a resolved stack config. */
export function environmentArgs(
  config: StackConfig,
  env: EnvironmentConfig,
  cluster: GameEnvironmentArgs["cluster"],
  overrides: Partial<GameEnvironmentArgs> = {},
): GameEnvironmentArgs {
  return {
    environment: env,
    cluster,
    dataAccess: testDataAccess(env.name, env.redisDb, cluster.provider),
    domain: config.domain,
    hostPattern: config.hostPattern,
    ingressGroupName: ingressGroupName(config.project, config.stack),
    images: config.images,
    loadBalancerCidrs: subnetLayout(config.network.cidr, config.network.azCount).public,
    ...overrides,
  };
}
