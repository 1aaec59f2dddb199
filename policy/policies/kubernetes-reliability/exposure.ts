// Exposure policies: catalogue W11 (three checks, one policy each) and W13.
import { checkResource } from "../../lib/check-resource";
import { allowedWorkloadsSchema, stringListSchema } from "../../lib/config-schemas";
import { resourcePolicy, stackPolicy } from "../../lib/define-policy";
import type { AllowListConfig } from "../../lib/findings";
import { type KubernetesResourceView, isAllowed, namespaceOf, objectNameOf } from "../../lib/pod-templates";
import { Ingress, Service, StatefulSet } from "../../lib/resource-types";
import { readKnown, resourcesOfType } from "../../lib/stack-resources";
import { arrayOf, recordOf } from "../../lib/values";

const defaultTlsAnnotations = ["alb.ingress.kubernetes.io/certificate-arn"];
const listenPortsAnnotation = "alb.ingress.kubernetes.io/listen-ports";
const defaultProviderEndpointSuffixes = [
  ".rds.amazonaws.com",
  ".cache.amazonaws.com",
  ".rds.amazonaws.com.cn",
  ".cache.amazonaws.com.cn",
];

/** W11 (Services): no LoadBalancer or NodePort Service outside the allow-list. */
export const k8sServiceExposure = resourcePolicy(
  {
    name: "k8s-service-exposure",
    catalogueId: "W11",
    check:
      "No Service of type LoadBalancer or NodePort outside the allow-list (traffic enters through the shared ALB).",
    enforcementLevel: "advisory",
    config: { allowedWorkloads: allowedWorkloadsSchema },
  },
  checkResource(Service, (service, args) => {
    const type = service.spec?.type;
    if (type !== "LoadBalancer" && type !== "NodePort") return undefined;
    const { allowedWorkloads = [] } = args.getConfig<AllowListConfig>();
    const ref = { namespace: namespaceOf(args), name: objectNameOf(args) };
    return isAllowed(allowedWorkloads, ref)
      ? undefined
      : `Service ${ref.namespace}/${ref.name} is of type ${type}`;
  }),
);

/** True when the Ingress terminates TLS: `spec.tls`, a certificate annotation or an HTTPS listener. */
export function ingressHasTls(ingress: KubernetesResourceView, tlsAnnotations: readonly string[]): boolean {
  if (arrayOf(ingress.props.spec?.tls).length > 0) return true;
  const annotations = recordOf<string>(ingress.props.metadata?.annotations);
  if (tlsAnnotations.some((a) => typeof annotations[a] === "string" && annotations[a] !== "")) return true;
  return (annotations[listenPortsAnnotation] ?? "").includes("HTTPS");
}

/** W11 (Ingress): every Ingress terminates TLS. */
export const k8sIngressTls = resourcePolicy(
  {
    name: "k8s-ingress-tls",
    catalogueId: "W11",
    check: "Every Ingress terminates TLS (spec.tls, an ALB certificate annotation, or an HTTPS listen port).",
    enforcementLevel: "advisory",
    config: {
      tlsAnnotations: stringListSchema(
        "Annotations that attach a certificate to the Ingress.",
        defaultTlsAnnotations,
      ),
    },
  },
  checkResource(Ingress, (_ingress, args) => {
    const { tlsAnnotations = defaultTlsAnnotations } = args.getConfig<{ tlsAnnotations?: string[] }>();
    return ingressHasTls(args, tlsAnnotations) ? undefined : "the Ingress serves plain HTTP only";
  }),
);

/** W11 (StatefulSets): each StatefulSet names a headless Service of its namespace. */
export const k8sStatefulSetHeadlessService = stackPolicy(
  {
    name: "k8s-statefulset-headless-service",
    catalogueId: "W11",
    check: "Every StatefulSet's serviceName names a headless Service (clusterIP None) in its namespace.",
    enforcementLevel: "advisory",
  },
  (args, report) => {
    const services = resourcesOfType(args.resources, Service);
    for (const sts of resourcesOfType(args.resources, StatefulSet)) {
      const problem = readKnown(() => {
        const serviceName: unknown = sts.props.spec?.serviceName;
        if (typeof serviceName !== "string" || serviceName === "") return "has no serviceName";
        const namespace = namespaceOf(sts);
        const service = services.find(
          (s) => readKnown(() => namespaceOf(s) === namespace && objectNameOf(s) === serviceName) ?? false,
        );
        if (!service) return `names Service ${serviceName}, which is not in the stack`;
        return readKnown(() => service.props.spec?.clusterIP) === "None"
          ? undefined
          : `names Service ${serviceName}, which is not headless`;
      });
      if (problem) report(`StatefulSet ${problem}`, sts.urn);
    }
  },
);

/** W13: ExternalName Services point straight at the provider's endpoint. */
export const k8sExternalNameProviderEndpoint = resourcePolicy(
  {
    name: "k8s-external-name-provider-endpoint",
    catalogueId: "W13",
    check:
      "ExternalName Services point directly at a provider endpoint (e.g. *.rds.amazonaws.com), never at an alias of ours.",
    enforcementLevel: "mandatory",
    config: {
      allowedSuffixes: stringListSchema(
        "Host name suffixes of provider endpoints.",
        defaultProviderEndpointSuffixes,
      ),
    },
  },
  checkResource(Service, (service, args) => {
    if (service.spec?.type !== "ExternalName") return undefined;
    const { allowedSuffixes = defaultProviderEndpointSuffixes } = args.getConfig<{
      allowedSuffixes?: string[];
    }>();
    const target = String(service.spec?.externalName ?? "")
      .replace(/\.$/, "")
      .toLowerCase();
    if (target === "") return "ExternalName Service has no externalName";
    return allowedSuffixes.some((s) => target.endsWith(s.toLowerCase()))
      ? undefined
      : `externalName ${target} is not a provider endpoint (${allowedSuffixes.join(", ")}); point at the AWS endpoint itself`;
  }),
);

/** The exposure policies. */
export const exposurePolicies = [
  k8sServiceExposure,
  k8sIngressTls,
  k8sStatefulSetHeadlessService,
  k8sExternalNameProviderEndpoint,
];
