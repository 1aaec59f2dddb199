import { apiHygienePolicies } from "./api-hygiene";
import { containerPolicies } from "./containers";
import { exposurePolicies } from "./exposure";
import { k8sGracePeriodTolerations } from "./grace-tolerations";
import { networkPolicyPolicies } from "./network-policies";
import { replicaPolicies } from "./replicas";

/** Every Kubernetes reliability and exposure policy (catalogue W1-W13). */
export const kubernetesReliabilityPolicies = [
  ...containerPolicies,
  k8sGracePeriodTolerations,
  ...replicaPolicies,
  ...networkPolicyPolicies,
  ...exposurePolicies,
  ...apiHygienePolicies,
];
