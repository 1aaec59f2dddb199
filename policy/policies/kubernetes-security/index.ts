import { namespaceAndTokenPolicies } from "./namespaces-and-tokens";
import { podSecurityPolicies } from "./pod-security";

/** Every Kubernetes security policy (catalogue K1-K10). */
export const kubernetesSecurityPolicies = [...podSecurityPolicies, ...namespaceAndTokenPolicies];
