// The pack's contents, importable without starting a policy server: index.ts builds the PolicyPack
// from these, and the offline runner and the tests use them directly.
import type { Policies } from "@pulumi/policy";

import { dataStorePolicies } from "./policies/data-stores";
import { eksPolicies } from "./policies/eks";
import { gamePolicies } from "./policies/game";
import { karpenterPolicies } from "./policies/karpenter";
import { kubernetesReliabilityPolicies } from "./policies/kubernetes-reliability";
import { kubernetesSecurityPolicies } from "./policies/kubernetes-security";
import { launcherPolicies } from "./policies/launcher";
import { networkPolicies } from "./policies/network";

/** The policy pack's name (what `pulumi preview --policy-pack` reports). */
export const packName = "game-infra";

/** The level of a policy that declares none (every policy here declares one). */
export const packEnforcementLevel = "advisory";

/** Every policy of the pack, by domain. */
export const policies: Policies = [
  ...eksPolicies,
  ...dataStorePolicies,
  ...networkPolicies,
  ...kubernetesSecurityPolicies,
  ...kubernetesReliabilityPolicies,
  ...gamePolicies,
  ...launcherPolicies,
  ...karpenterPolicies,
];
