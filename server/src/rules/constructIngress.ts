import { CDK_INGRESS } from '../analysis/iac/constructs';
import { getValue, itemsOf, type IacValue } from '../analysis/iac/model';
import { awsProviderIngressRules, type AwsProviderSpelling, type IngressRule } from './awsIngress';
import type { IacRun } from './iacRule';

/**
 * Security group ingress in AWS CDK and Pulumi programs, in the shape iac-open-admin-ports
 * judges: protocol, port range and CIDR values, each positioned.
 *
 * CDK: `sg.addIngressRule(ec2.Peer.anyIpv4(), ec2.Port.tcp(22))`, `x.connections.allowFrom(peer,
 * port)`, `x.connections.allowFromAnyIpv4(port)` (the reader keeps a call as a rule only when its
 * peer and port come from the CDK's ec2 module). Pulumi: `aws.ec2.SecurityGroup`'s `ingress`,
 * `aws.ec2.SecurityGroupRule` of type `ingress`, `aws.vpc.SecurityGroupIngressRule`.
 */

/** Named ports of the CDK's `ec2.Port`. */
const CDK_NAMED_PORTS: Record<string, number> = { SSH: 22, RDP: 3389, MYSQL_AURORA: 3306, POSTGRES: 5432, MSSQL: 1433, REDIS: 6379 };

export function constructIngressRules(run: IacRun): IngressRule[] {
  return run.format === 'cdk' ? cdkRules(run) : run.format === 'pulumi' ? pulumiRules(run) : [];
}

function cdkRules(run: IacRun): IngressRule[] {
  const rules: IngressRule[] = [];
  for (const owner of run.resources(CDK_INGRESS)) {
    const peer = getValue(owner.properties, 'peer');
    const port = getValue(owner.properties, 'port');
    if (!peer || !port) continue;
    const cidrs = peerCidrs(peer);
    const range = portRange(port);
    if (cidrs.length === 0 || !range) continue;
    rules.push({ owner, rule: owner.properties, ...range, cidrs });
  }
  return rules;
}

/** `Peer.anyIpv4()`, `Peer.ipv4('0.0.0.0/0')`: the CIDR a peer stands for, where the peer is written. */
function peerCidrs(peer: IacValue): IngressRule['cidrs'] {
  if (peer.kind === 'string' && peer.value === 'Peer.anyIpv4()') return [{ value: { kind: 'string', value: '0.0.0.0/0', span: peer.span }, family: 'ipv4' }];
  if (peer.kind === 'string' && peer.value === 'Peer.anyIpv6()') return [{ value: { kind: 'string', value: '::/0', span: peer.span }, family: 'ipv6' }];
  if (peer.kind === 'call' && (peer.name === 'Peer.ipv4' || peer.name === 'Peer.ipv6') && peer.args[0]) return [{ value: peer.args[0], family: peer.name === 'Peer.ipv4' ? 'ipv4' : 'ipv6' }];
  return [];
}

/** `Port.tcp(22)`, `Port.tcpRange(0, 65535)`, `Port.allTraffic()`, `Port.SSH`: protocol and ports. */
function portRange(port: IacValue): Pick<IngressRule, 'protocol' | 'from' | 'to'> | undefined {
  const at = (value: string | number): IacValue => (typeof value === 'string' ? { kind: 'string', value, span: port.span } : { kind: 'number', value, span: port.span });
  if (port.kind === 'string') {
    if (port.value === 'Port.allTraffic()') return { protocol: at('-1') };
    if (port.value === 'Port.allTcp()') return { protocol: at('tcp'), from: at(0), to: at(65535) };
    if (port.value === 'Port.allUdp()') return { protocol: at('udp'), from: at(0), to: at(65535) };
    const named = /^Port\.([A-Z_]+)$/.exec(port.value);
    if (named && CDK_NAMED_PORTS[named[1]] !== undefined) return { protocol: at('tcp'), from: at(CDK_NAMED_PORTS[named[1]]) };
    return undefined;
  }
  if (port.kind !== 'call') return undefined;
  switch (port.name) {
    case 'Port.tcp':
      return { protocol: at('tcp'), from: port.args[0], to: port.args[0] };
    case 'Port.udp':
      return { protocol: at('udp'), from: port.args[0], to: port.args[0] };
    case 'Port.tcpRange':
      return { protocol: at('tcp'), from: port.args[0], to: port.args[1] };
    case 'Port.udpRange':
      return { protocol: at('udp'), from: port.args[0], to: port.args[1] };
    default:
      return undefined;
  }
}

const PULUMI_AWS: AwsProviderSpelling = {
  securityGroup: 'aws.ec2.SecurityGroup',
  securityGroupRule: 'aws.ec2.SecurityGroupRule',
  vpcIngressRule: 'aws.vpc.SecurityGroupIngressRule',
  inlineIngress: (group) => itemsOf(getValue(group.properties, 'ingress')),
  protocol: 'protocol',
  fromPort: 'fromPort',
  toPort: 'toPort',
  cidrBlocks: 'cidrBlocks',
  ipv6CidrBlocks: 'ipv6CidrBlocks',
  ipProtocol: 'ipProtocol',
  cidrIpv4: 'cidrIpv4',
  cidrIpv6: 'cidrIpv6',
};

function pulumiRules(run: IacRun): IngressRule[] {
  return awsProviderIngressRules(run, PULUMI_AWS);
}
