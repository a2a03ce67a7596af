import { getValue, itemsOf, type IacResource, type IacValue } from '../analysis/iac/model';
import type { IacRun } from './iacRule';

/**
 * Security group ingress in the shape iac-open-admin-ports judges: protocol, port range and
 * CIDR values, each positioned. Terraform's AWS provider and Pulumi's (generated from it) declare
 * ingress with the same three resources and arguments, spelled snake_case or camelCase: one
 * reader serves both.
 */

export interface IngressRule {
  owner: IacResource;
  rule: IacValue | undefined;
  protocol?: IacValue;
  from?: IacValue;
  to?: IacValue;
  /** The CIDR values: single values or lists. */
  cidrs: { value: IacValue; family: 'ipv4' | 'ipv6' }[];
}

/** The AWS provider's resource types and argument names as one language spells them. */
export interface AwsProviderSpelling {
  securityGroup: string;
  securityGroupRule: string;
  vpcIngressRule: string;
  /** A security group's inline ingress rules: Terraform repeats `ingress { }` blocks, Pulumi takes a list. */
  inlineIngress(group: IacResource): IacValue[];
  protocol: string;
  fromPort: string;
  toPort: string;
  cidrBlocks: string;
  ipv6CidrBlocks: string;
  ipProtocol: string;
  cidrIpv4: string;
  cidrIpv6: string;
}

/** A security group's inline ingress, `aws_security_group_rule`s of type ingress, `aws_vpc_security_group_ingress_rule`s. */
export function awsProviderIngressRules(run: IacRun, names: AwsProviderSpelling): IngressRule[] {
  const fromArgs = (owner: IacResource, rule: IacValue | undefined): IngressRule => ({
    owner,
    rule,
    protocol: getValue(rule, names.protocol),
    from: getValue(rule, names.fromPort),
    to: getValue(rule, names.toPort),
    cidrs: [
      ...itemsOf(getValue(rule, names.cidrBlocks)).map((value) => ({ value, family: 'ipv4' as const })),
      ...itemsOf(getValue(rule, names.ipv6CidrBlocks)).map((value) => ({ value, family: 'ipv6' as const })),
    ],
  });
  const rules: IngressRule[] = [];
  for (const group of run.resources(names.securityGroup)) for (const rule of names.inlineIngress(group)) rules.push(fromArgs(group, rule));
  for (const rule of run.resources(names.securityGroupRule)) {
    if (run.text(getValue(rule.properties, 'type')) !== 'ingress') continue;
    rules.push(fromArgs(rule, rule.properties));
  }
  for (const rule of run.resources(names.vpcIngressRule)) {
    rules.push({
      owner: rule,
      rule: rule.properties,
      protocol: getValue(rule.properties, names.ipProtocol),
      from: getValue(rule.properties, names.fromPort),
      to: getValue(rule.properties, names.toPort),
      cidrs: singleCidrs(rule.properties, names.cidrIpv4, names.cidrIpv6),
    });
  }
  return rules;
}

/** The CIDRs of a rule that takes one IPv4 and one IPv6 CIDR, each optional. */
export function singleCidrs(rule: IacValue | undefined, ipv4Key: string, ipv6Key: string): IngressRule['cidrs'] {
  const ipv4 = getValue(rule, ipv4Key);
  const ipv6 = getValue(rule, ipv6Key);
  return [...(ipv4 ? [{ value: ipv4, family: 'ipv4' as const }] : []), ...(ipv6 ? [{ value: ipv6, family: 'ipv6' as const }] : [])];
}
