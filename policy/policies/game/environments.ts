// Game environment policies (catalogue G1, G2, G4): every environment namespace says who owns it,
// what it is for and which version it runs; its name is a DNS label used once; and it is reported
// when its `game-infra/expires` date has passed.
import { stringListSchema } from "../../lib/config-schemas";
import { isIsoDate, isExpired, todayUtc } from "../../../lib/dates";
import { resourcePolicy, stackPolicy } from "../../lib/define-policy";
import { checkResource } from "../../lib/check-resource";
import { environmentNameOf, expiresAnnotation, gameEnvironments } from "../../lib/environments";
import { Namespace } from "../../lib/resource-types";
import { recordOf } from "../../lib/values";
import { environmentNameProblem } from "../../../lib/environment/name";

const defaultRequiredKeys = ["game-infra/owner", "game-infra/purpose", "game-infra/version"];

/** G1: environment namespaces carry owner, purpose and version. */
export const gameEnvironmentMetadata = resourcePolicy(
  {
    name: "game-environment-metadata",
    catalogueId: "G1",
    check: "Every environment namespace carries owner, purpose and version as labels or annotations.",
    enforcementLevel: "mandatory",
    config: {
      requiredKeys: stringListSchema(
        "Label or annotation keys every environment carries.",
        defaultRequiredKeys,
      ),
    },
  },
  checkResource(Namespace, (namespace, args) => {
    const environment = environmentNameOf(args);
    if (environment === undefined) return undefined;
    const { requiredKeys = defaultRequiredKeys } = args.getConfig<{ requiredKeys?: string[] }>();
    const labels = recordOf(namespace.metadata?.labels);
    const annotations = recordOf(namespace.metadata?.annotations);
    const missing = requiredKeys.filter((k) => !labels[k] && !annotations[k]);
    return missing.length > 0 ? `environment ${environment} lacks ${missing.join(", ")}` : undefined;
  }),
);

/** G2: environment names follow the registry's name rule (a DNS-1123 label of at most 40 characters, not a reserved namespace), each used once. */
export const gameEnvironmentNames = stackPolicy(
  {
    name: "game-environment-names",
    catalogueId: "G2",
    check: "Environment names are DNS-1123 labels and unique in the stack.",
    enforcementLevel: "mandatory",
  },
  (args, report) => {
    const environments = gameEnvironments(args.resources);
    for (const env of environments) {
      const problem = environmentNameProblem(env.name);
      if (problem) report(`environment name ${problem}`, env.resource.urn);
      const others = environments.filter((o) => o !== env && o.name === env.name);
      if (others.length > 0) {
        report(
          `environment name "${env.name}" is also used by ${others.map((o) => o.namespace).join(", ")}`,
          env.resource.urn,
        );
      }
    }
  },
);

/** G4: environments past their expiry date are reported. */
export const gameEnvironmentExpiry = resourcePolicy(
  {
    name: "game-environment-expiry",
    catalogueId: "G4",
    check: "Environments whose game-infra/expires date has passed are reported for clean-up.",
    enforcementLevel: "advisory",
  },
  checkResource(Namespace, (namespace, args) => {
    const environment = environmentNameOf(args);
    if (environment === undefined) return undefined;
    const expires: unknown = recordOf(namespace.metadata?.annotations)[expiresAnnotation];
    if (expires === undefined) return undefined;
    if (!isIsoDate(expires))
      return `environment ${environment}: ${expiresAnnotation} "${String(expires)}" is not a YYYY-MM-DD date`;
    return isExpired(expires, todayUtc())
      ? `environment ${environment} expired on ${expires}; delete it or extend it`
      : undefined;
  }),
);

/** The environment policies. */
export const environmentPolicies = [gameEnvironmentMetadata, gameEnvironmentNames, gameEnvironmentExpiry];
