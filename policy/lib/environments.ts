// A GameEnvironment is a namespace labelled `game-infra/environment: <name>`; the game rules (G1-G10)
// and the default-deny rule (W10) find environments through this module. The label and annotation
// keys are the program's own (lib/environment/metadata.ts): one home, so the program and the pack
// cannot drift apart on a key.
import type { PolicyResource } from "@pulumi/policy";

import { ENVIRONMENT_ANNOTATIONS, ENVIRONMENT_LABELS } from "../../lib/environment/metadata";
import { type KubernetesResourceView, objectNameOf } from "./pod-templates";
import { Namespace } from "./resource-types";
import { readKnown, resourcesOfType } from "./stack-resources";
import { recordOf } from "./values";

/** The label that marks a namespace as a game environment; its value is the environment name. */
export const environmentLabel = ENVIRONMENT_LABELS.environment;
/** The namespace label naming the environment's tier (dev, qa, stage). */
export const tierLabel = ENVIRONMENT_LABELS.tier;
/** The namespace label naming the team that owns the environment. */
export const teamLabel = ENVIRONMENT_LABELS.team;
/** The annotation holding an environment's last day (YYYY-MM-DD). */
export const expiresAnnotation = ENVIRONMENT_ANNOTATIONS.expires;
/** The annotation saying why an always-on environment never sleeps. */
export const alwaysOnReasonAnnotation = ENVIRONMENT_ANNOTATIONS.alwaysOnReason;
/** The annotation holding the last day `wake` keeps an environment awake. */
export const sleepPausedUntilAnnotation = ENVIRONMENT_ANNOTATIONS.sleepPausedUntil;
/** The annotation holding an environment's Redis DB number. */
export const redisDbAnnotation = ENVIRONMENT_ANNOTATIONS.redisDb;

/** A game environment: its namespace resource, name and metadata. */
export interface GameEnvironment {
  readonly resource: PolicyResource;
  /** The environment name (the label's value). */
  readonly name: string;
  /** The Kubernetes namespace name. */
  readonly namespace: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly annotations: Readonly<Record<string, string>>;
}

/** The environment name of a Namespace resource, or undefined when it is not an environment. */
export function environmentNameOf(namespace: KubernetesResourceView): string | undefined {
  const value: unknown = namespace.props.metadata?.labels?.[environmentLabel];
  return typeof value === "string" ? value : undefined;
}

/** Every environment namespace in the stack whose metadata is known. */
export function gameEnvironments(resources: readonly PolicyResource[]): GameEnvironment[] {
  return resourcesOfType(resources, Namespace).flatMap((resource) => {
    const environment = readKnown((): GameEnvironment | undefined => {
      const name = environmentNameOf(resource);
      if (name === undefined) return undefined;
      return {
        resource,
        name,
        namespace: objectNameOf(resource),
        labels: { ...recordOf<string>(resource.props.metadata?.labels) },
        annotations: { ...recordOf<string>(resource.props.metadata?.annotations) },
      };
    });
    return environment ? [environment] : [];
  });
}
