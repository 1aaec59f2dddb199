// Catalogue K10, in two policies because the row has two levels: workloads stay out of `default`
// (mandatory) and pods do not mount a service-account token unless they need the API (advisory).
import { allowedWorkloadsSchema } from "../../lib/config-schemas";
import { resourcePolicy } from "../../lib/define-policy";
import { podTemplateFindings } from "../../lib/findings";
import { validateHelmValues } from "../../lib/helm-values";

/** K10 (mandatory part): no workloads in the `default` namespace. */
export const k8sNoDefaultNamespace = resourcePolicy(
  {
    name: "k8s-no-default-namespace",
    catalogueId: "K10",
    check: "No workload or Helm release is deployed into the `default` namespace.",
    enforcementLevel: "mandatory",
  },
  [
    podTemplateFindings((template) => {
      const { namespace } = template.workload();
      return namespace === "default" ? [`${template.kind} is deployed into the default namespace`] : [];
    }),
    validateHelmValues((_entries, release, _args, report) => {
      if (release().namespace === "default") report("the release is installed into the default namespace");
    }),
  ],
);

/** K10 (advisory part): service-account tokens are not mounted unless needed. */
export const k8sNoAutomountServiceAccountToken = resourcePolicy(
  {
    name: "k8s-no-automount-service-account-token",
    catalogueId: "K10",
    check: "Pods set automountServiceAccountToken: false unless allow-listed as needing the Kubernetes API.",
    enforcementLevel: "advisory",
    config: { allowedWorkloads: allowedWorkloadsSchema },
  },
  podTemplateFindings(({ spec }) =>
    spec.automountServiceAccountToken === false
      ? []
      : ["the pod mounts a service-account token; set automountServiceAccountToken: false"],
  ),
);

/** The K10 policies. */
export const namespaceAndTokenPolicies = [k8sNoDefaultNamespace, k8sNoAutomountServiceAccountToken];
