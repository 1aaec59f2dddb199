// V9 as a stack policy: a security group that declares inline `ingress`/`egress` (even an empty
// list) owns its whole rule set, and the provider removes standalone rules attached to it on the
// next update, so the two styles must not meet on one group.
import { stackPolicy } from "../../lib/define-policy";
import { SecurityGroup } from "../../lib/resource-types";
import { standaloneRuleClasses } from "../../lib/security-group-rules";
import { readKnown, referencedResources, resourcesOfType } from "../../lib/stack-resources";
import { isSet } from "../../lib/values";

/** V9: no security group has both inline rules and standalone rules. */
export const sgNoMixedRules = stackPolicy(
  {
    name: "sg-no-mixed-inline-and-standalone-rules",
    catalogueId: "V9",
    check: "No security group has both inline rules and standalone rule resources.",
    enforcementLevel: "mandatory",
  },
  (args, report) => {
    const groups = resourcesOfType(args.resources, SecurityGroup);
    const withInline = new Set(
      groups
        .filter((sg) => readKnown(() => isSet(sg.props, "ingress") || isSet(sg.props, "egress")) ?? true)
        .map((sg) => sg.urn),
    );
    const attached = new Map<string, string[]>();
    for (const rule of standaloneRuleClasses.flatMap((cls) => resourcesOfType(args.resources, cls))) {
      for (const group of referencedResources(rule, "securityGroupId", groups)) {
        if (withInline.has(group.urn))
          attached.set(group.urn, [...(attached.get(group.urn) ?? []), rule.name]);
      }
    }
    for (const [urn, rules] of attached) {
      report(
        `the group has inline rules and standalone rules ${rules.join(", ")}; use one style per group`,
        urn,
      );
    }
  },
);
