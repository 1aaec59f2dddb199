import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

/** Arguments of {@link WildcardCertificate}. */
export interface WildcardCertificateArgs {
  /** The stack's domain; the certificate covers `*.<domain>` and `<domain>`. */
  readonly domain: string;
  /** Route 53 zone that holds the domain; the DNS validation record goes there. */
  readonly hostedZoneId: string;
  /** @default {} */
  readonly tags?: Readonly<Record<string, string>>;
}

/**
 * One ACM certificate for `*.<domain>`, validated through DNS in the stack's zone. Every
 * environment's host name (`game-dev1.<domain>`) is one label under the domain, so this single
 * certificate serves them all on the shared load balancer.
 */
export class WildcardCertificate extends pulumi.ComponentResource {
  readonly certificateArn: pulumi.Output<string>;

  constructor(name: string, args: WildcardCertificateArgs, opts?: pulumi.ComponentResourceOptions) {
    super("game:index:WildcardCertificate", name, {}, opts);
    const certificate = new aws.acm.Certificate(
      `${name}-cert`,
      {
        domainName: `*.${args.domain}`,
        subjectAlternativeNames: [args.domain],
        validationMethod: "DNS",
        keyAlgorithm: "EC_prime256v1",
        tags: args.tags ?? {},
      },
      { parent: this },
    );
    // `*.d` and `d` share one validation record, so there is exactly one to create.
    const option = certificate.domainValidationOptions.apply((options) => options[0]!);
    const record = new aws.route53.Record(
      `${name}-validation`,
      {
        zoneId: args.hostedZoneId,
        name: option.resourceRecordName,
        type: option.resourceRecordType,
        records: [option.resourceRecordValue],
        ttl: 300,
        allowOverwrite: true,
      },
      { parent: this },
    );
    const validation = new aws.acm.CertificateValidation(
      `${name}-validation`,
      { certificateArn: certificate.arn, validationRecordFqdns: [record.fqdn] },
      { parent: this },
    );
    this.certificateArn = validation.certificateArn;
    this.registerOutputs({ certificateArn: this.certificateArn });
  }
}
