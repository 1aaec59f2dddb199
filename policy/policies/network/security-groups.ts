// Security-group rule policies (catalogue V1-V3, V5), on inline rules and on standalone rules alike
// (see lib/security-group-rules.ts). V3 leaves ports 22 and 3389 to V1 and V2 so that one open SSH
// rule is reported once.
import type { ReportViolation, ResourceValidation, ResourceValidationArgs } from "@pulumi/policy";

import { isWorldOpen } from "../../../lib/cidr";
import { resourcePolicy } from "../../lib/define-policy";
import {
  DefaultSecurityGroup,
  SecurityGroup,
  SecurityGroupEgressRule,
  SecurityGroupIngressRule,
  SecurityGroupRule,
} from "../../lib/resource-types";
import {
  type RuleView,
  coversPort,
  coversPortOutside,
  describeRule,
  rulesOf,
} from "../../lib/security-group-rules";

const ruleHolders = [
  SecurityGroup,
  DefaultSecurityGroup,
  SecurityGroupIngressRule,
  SecurityGroupEgressRule,
  SecurityGroupRule,
];
const defaultAllowedPorts = [80, 443];
const providerDefaultDescription = "Managed by Pulumi";

/** A validation running `check` on the rules of any security group or standalone rule. */
function validateRules(
  check: (rules: readonly RuleView[], args: ResourceValidationArgs, report: ReportViolation) => void,
): ResourceValidation {
  return (args, report) => {
    if (!ruleHolders.some((cls) => args.isType(cls))) {
      return args.notApplicable("Policy only applies to security groups and their rules");
    }
    check(rulesOf(args), args, report);
  };
}

/** The world-open CIDRs of an ingress rule. */
function worldOpenSources(rule: RuleView): string[] {
  return rule.direction === "ingress" ? rule.cidrs.filter(isWorldOpen) : [];
}

function noWorldIngressTo(port: number) {
  return validateRules((rules, _args, report) => {
    for (const rule of rules) {
      const world = worldOpenSources(rule);
      if (world.length > 0 && coversPort(rule, port)) {
        report(`${describeRule(rule)} admits ${world.join(", ")} to port ${port}`);
      }
    }
  });
}

/** V1: no world-open SSH. */
export const sgNoWorldSsh = resourcePolicy(
  {
    name: "sg-no-world-ssh",
    catalogueId: "V1",
    check: "No security group admits 0.0.0.0/0 or ::/0 to port 22.",
    enforcementLevel: "mandatory",
  },
  noWorldIngressTo(22),
);

/** V2: no world-open RDP. */
export const sgNoWorldRdp = resourcePolicy(
  {
    name: "sg-no-world-rdp",
    catalogueId: "V2",
    check: "No security group admits 0.0.0.0/0 or ::/0 to port 3389.",
    enforcementLevel: "mandatory",
  },
  noWorldIngressTo(3389),
);

/** V3: world-open ingress only on allow-listed ports. */
export const sgWorldIngressAllowedPorts = resourcePolicy(
  {
    name: "sg-world-ingress-allowed-ports",
    catalogueId: "V3",
    check: "Ingress from 0.0.0.0/0 or ::/0 is only on allow-listed ports (80 and 443 by default).",
    enforcementLevel: "mandatory",
    config: {
      allowedPorts: {
        type: "array",
        items: { type: "integer", minimum: 0, maximum: 65535 },
        default: defaultAllowedPorts,
        description: "Ports that may be open to the internet.",
      },
    },
  },
  validateRules((rules, args, report) => {
    const { allowedPorts = defaultAllowedPorts } = args.getConfig<{ allowedPorts?: number[] }>();
    for (const rule of rules) {
      const world = worldOpenSources(rule);
      // 22 and 3389 are V1's and V2's to report.
      if (world.length > 0 && coversPortOutside(rule, [...allowedPorts, 22, 3389])) {
        report(
          `${describeRule(rule)} admits ${world.join(", ")} beyond the allowed ports ${allowedPorts.join(", ")}`,
        );
      }
    }
  }),
);

/** V5: security groups and rules describe themselves. */
export const sgDescriptions = resourcePolicy(
  {
    name: "sg-descriptions",
    catalogueId: "V5",
    check: "Security groups and every rule have a description.",
    enforcementLevel: "advisory",
  },
  validateRules((rules, args, report) => {
    if (args.isType(SecurityGroup)) {
      const description: unknown = args.props.description;
      if (
        typeof description !== "string" ||
        description === "" ||
        description === providerDefaultDescription
      ) {
        report(
          `the security group has no description of its own (the provider default is "${providerDefaultDescription}")`,
        );
      }
    }
    for (const rule of rules.filter((r) => r.description === undefined)) {
      report(`${describeRule(rule)} has no description`);
    }
  }),
);

/** Security-group policies checked per resource. */
export const securityGroupPolicies = [sgNoWorldSsh, sgNoWorldRdp, sgWorldIngressAllowedPorts, sgDescriptions];
