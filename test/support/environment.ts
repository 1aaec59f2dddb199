/**
 * TEST ONLY: builds GameEnvironment arguments the way an environment stack does
 * (`environment/program.ts`): from the settings its platform stack exports, with a light stand-in
 * for the cluster (a provider, the certificate) and the test data-access factory.
 */
import * as k8s from "@pulumi/kubernetes";
import type { GameEnvironmentArgs } from "../../components/game-environment";
import type { EnvironmentConfig } from "../../stacks/config";
import type { EnvironmentSettings } from "../../stacks/environment-settings";
import { testDataAccess } from "./data-access";

/** A cluster stand-in with the members GameEnvironment reads, placed as the platform says. */
export function testCluster(settings: EnvironmentSettings): GameEnvironmentArgs["cluster"] {
  return {
    provider: new k8s.Provider("test-k8s", { kubeconfig: "{}" }),
    gameScheduling: settings.gameScheduling,
    graceTolerations: settings.graceTolerations,
    certificateArn: "arn:aws:acm:eu-west-1:123456789012:certificate/test",
  };
}

/** GameEnvironment arguments for `env`, on the platform that exports `settings`. */
export function environmentArgs(
  settings: EnvironmentSettings,
  env: EnvironmentConfig,
  cluster: GameEnvironmentArgs["cluster"],
  overrides: Partial<GameEnvironmentArgs> = {},
): GameEnvironmentArgs {
  return {
    environment: env,
    cluster,
    dataAccess: testDataAccess(env.name, env.redisDb, cluster.provider),
    domain: settings.domain,
    hostPattern: settings.hostPattern,
    ingressGroupName: settings.ingressGroupName,
    images: settings.images,
    loadBalancerCidrs: settings.loadBalancerCidrs,
    ...overrides,
  };
}
