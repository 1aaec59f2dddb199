// EKS node policies (catalogue E5, E7, E8), on node-group components, AWS node groups and launch
// templates (see node-group-view.ts for how double reports are avoided).
import { integerSchema } from "../../lib/config-schemas";
import { resourcePolicy } from "../../lib/define-policy";
import { validateLaunchTemplates, validateNodeGroups } from "./node-group-view";

const defaultMaximumHopLimit = 1;

/** E5: no SSH remote access from 0.0.0.0/0. */
export const eksNodeSshRestricted = resourcePolicy(
  {
    name: "eks-node-ssh-restricted",
    catalogueId: "E5",
    check: "EKS node groups do not allow SSH from 0.0.0.0/0 (an SSH key without source security groups).",
    enforcementLevel: "mandatory",
  },
  validateNodeGroups((nodes, _args, report) => {
    if (nodes.sshOpenToWorld()) {
      report("remoteAccess sets ec2SshKey without sourceSecurityGroupIds, which opens port 22 to 0.0.0.0/0");
    }
  }),
);

/** E7: nodes require IMDSv2. */
export const eksNodeImdsv2Required = resourcePolicy(
  {
    name: "eks-node-imdsv2-required",
    catalogueId: "E7",
    check: "EKS nodes and launch templates require IMDSv2 (httpTokens required).",
    enforcementLevel: "mandatory",
  },
  [
    ...validateNodeGroups((nodes, _args, report) => {
      if (nodes.usesOwnLaunchTemplate() || nodes.requiresImdsv2()) return;
      report(
        nodes.level === "component"
          ? "nodes may use IMDSv1; set enableIMDSv2: true (or use Bottlerocket/AL2023)"
          : "nodes may use IMDSv1; use a launch template with httpTokens required (or a Bottlerocket/AL2023 AMI type)",
      );
    }),
    validateLaunchTemplates((metadataOptions, _args, report) => {
      if (metadataOptions?.httpTokens !== "required") {
        report(
          `metadataOptions.httpTokens is ${metadataOptions?.httpTokens ?? "unset"}; set it to "required"`,
        );
      }
    }),
  ],
);

/** E8: the metadata hop limit keeps pods away from the instance role. */
export const eksNodeImdsHopLimit = resourcePolicy(
  {
    name: "eks-node-imds-hop-limit",
    catalogueId: "E8",
    check: "EKS node metadata hop limit is at most the configured maximum (1), so pods cannot reach IMDS.",
    enforcementLevel: "advisory",
    config: {
      maximumHopLimit: integerSchema("Largest httpPutResponseHopLimit accepted.", defaultMaximumHopLimit, 1),
    },
  },
  [
    ...validateNodeGroups((nodes, _args, report) => {
      if (nodes.usesOwnLaunchTemplate()) return;
      const source = nodes.level === "component" ? "the eks component's" : "the EKS default";
      report(
        `nodes get httpPutResponseHopLimit 2 from ${source} launch template, so pods can reach IMDS; ` +
          "pass a launchTemplate with hop limit 1, or block 169.254.169.254 for pods",
      );
    }),
    validateLaunchTemplates((metadataOptions, args, report) => {
      const { maximumHopLimit = defaultMaximumHopLimit } = args.getConfig<{ maximumHopLimit?: number }>();
      const hopLimit: unknown = metadataOptions?.httpPutResponseHopLimit;
      if (typeof hopLimit === "number" && hopLimit > maximumHopLimit) {
        report(
          `metadataOptions.httpPutResponseHopLimit is ${hopLimit}; at most ${maximumHopLimit} keeps pods off IMDS`,
        );
      }
    }),
  ],
);

/** The EKS node policies checked per resource. */
export const eksNodePolicies = [eksNodeSshRestricted, eksNodeImdsv2Required, eksNodeImdsHopLimit];
