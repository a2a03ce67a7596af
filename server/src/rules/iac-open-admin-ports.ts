import { asString, getAll, getValue, isAzureTemplate, itemsOf, referencedResource, refsIn, type IacResource, type IacValue } from '../analysis/iac/model';
import type { Fix } from '../core/types';
import { awsProviderIngressRules, singleCidrs, type AwsProviderSpelling, type IngressRule } from './awsIngress';
import { constructIngressRules } from './constructIngress';
import { createIacRule, type IacRun } from './iacRule';

const RULE_ID = 'iac-open-admin-ports';

/** Ports that administer a host or serve a database: never open to the internet. */
const ADMIN_PORTS: Record<number, string> = {
  22: 'SSH',
  23: 'Telnet',
  445: 'SMB',
  1433: 'SQL Server',
  1521: 'Oracle',
  2375: 'Docker',
  2376: 'Docker',
  3306: 'MySQL',
  3389: 'RDP',
  5432: 'PostgreSQL',
  5439: 'Redshift',
  5601: 'Kibana',
  5984: 'CouchDB',
  6379: 'Redis',
  9042: 'Cassandra',
  9200: 'Elasticsearch / OpenSearch',
  11211: 'Memcached',
  27017: 'MongoDB',
};

const ANYWHERE = { ipv4: '0.0.0.0/0', ipv6: '::/0' };

/**
 * Security group ingress open to the internet (0.0.0.0/0, ::/0) on administration and database
 * ports, or on all ports. CloudFormation: AWS::EC2::SecurityGroup's SecurityGroupIngress and
 * AWS::EC2::SecurityGroupIngress; Terraform: aws_security_group ingress blocks,
 * aws_security_group_rule (type ingress) and aws_vpc_security_group_ingress_rule.
 */
export const iacOpenAdminPorts = createIacRule({
  id: RULE_ID,
  description: 'Security groups must not open administration or database ports to the internet.',
  references: ['HIPAA-164.312(a)(1)', 'HIPAA-164.312(e)(1)', 'CPRA-1798.150', 'CPRA-1798.81.5', 'CWE-284'],
  fixable: false,
  code: [checkIngress, checkNetworkSecurityGroups],
  constructs: true,
});

const TERRAFORM_AWS: AwsProviderSpelling = {
  securityGroup: 'aws_security_group',
  securityGroupRule: 'aws_security_group_rule',
  vpcIngressRule: 'aws_vpc_security_group_ingress_rule',
  inlineIngress: (group) => getAll(group.properties, 'ingress'),
  protocol: 'protocol',
  fromPort: 'from_port',
  toPort: 'to_port',
  cidrBlocks: 'cidr_blocks',
  ipv6CidrBlocks: 'ipv6_cidr_blocks',
  ipProtocol: 'ip_protocol',
  cidrIpv4: 'cidr_ipv4',
  cidrIpv6: 'cidr_ipv6',
};

function ingressRules(run: IacRun): IngressRule[] {
  if (run.format === 'cdk' || run.format === 'pulumi') return constructIngressRules(run);
  if (run.format === 'cloudformation') {
    const fromProps = (owner: IacResource, rule: IacValue | undefined): IngressRule => ({
      owner,
      rule,
      protocol: getValue(rule, 'IpProtocol'),
      from: getValue(rule, 'FromPort'),
      to: getValue(rule, 'ToPort'),
      cidrs: singleCidrs(rule, 'CidrIp', 'CidrIpv6'),
    });
    const rules: IngressRule[] = [];
    for (const group of run.resources('AWS::EC2::SecurityGroup')) for (const rule of itemsOf(getValue(group.properties, 'SecurityGroupIngress'))) rules.push(fromProps(group, rule));
    for (const ingress of run.resources('AWS::EC2::SecurityGroupIngress')) rules.push(fromProps(ingress, ingress.properties));
    return rules;
  }
  return awsProviderIngressRules(run, TERRAFORM_AWS);
}

/** The admin ports a rule opens, `all` for every port, or undefined when it cannot be told. */
function openedPorts(run: IacRun, rule: IngressRule): 'all' | number[] | undefined {
  const protocolValue = run.resolve(rule.protocol);
  const protocol = protocolValue.state === 'value' ? asString(protocolValue.value)?.toLowerCase() : protocolValue.state === 'absent' ? 'tcp' : undefined;
  if (protocol === undefined) return undefined;
  if (protocol === '-1' || protocol === 'all') return 'all';
  if (protocol !== 'tcp' && protocol !== '6' && protocol !== 'udp' && protocol !== '17') return [];
  const from = run.number(rule.from);
  const to = run.number(rule.to);
  if (from === undefined) return undefined;
  const last = to ?? from;
  if (from <= 0 && last >= 65535) return 'all';
  return Object.keys(ADMIN_PORTS)
    .map(Number)
    .filter((port) => port >= from && port <= last);
}

function checkIngress(run: IacRun): void {
  const terraform = run.format === 'terraform';
  for (const rule of ingressRules(run)) {
    for (const { value, family } of rule.cidrs) {
      const resolved = run.resolve(value);
      if (resolved.state !== 'value' || asString(resolved.value) !== ANYWHERE[family]) continue;
      const ports = openedPorts(run, rule);
      if (ports === undefined || (ports !== 'all' && ports.length === 0)) continue;
      const what = ports === 'all' ? 'every port' : ports.map((port) => `${port} (${ADMIN_PORTS[port]})`).join(', ');
      const parameter = terraform ? (family === 'ipv4' ? 'admin_cidr' : 'admin_cidr_ipv6') : family === 'ipv4' ? 'AdminCidr' : 'AdminCidrIpv6';
      const fixes: (Fix | undefined)[] = [];
      if (!resolved.via) {
        fixes.push(
          run.fix(
            `Replace \`${ANYWHERE[family]}\` with ${terraform ? 'variable' : 'parameter'} \`${parameter}\` (set it to your office or VPN range)`,
            [
              run.editor.replaceValue(value, { $ref: terraform ? `var.${parameter}` : parameter }),
              run.editor.addParameter(parameter, { type: terraform ? 'string' : 'String', description: 'CIDR range allowed to reach administration and database ports' }),
            ],
            false,
          ),
        );
      }
      const store = phiStoreBehind(run, rule.owner);
      const behind = store && store !== rule.owner ? `, in front of ${run.label(store)},` : '';
      run.report('no-internet-admin-ports', rule.owner, `${run.label(rule.owner)}${behind} opens ${what} to the whole internet (\`${ANYWHERE[family]}\`${resolved.via ? `, ${resolved.via}` : ''}): hosts and databases behind it can be scanned and brute-forced from anywhere. Allow only your VPN or bastion range, or use Session Manager instead of SSH/RDP.`, {
        at: value.span,
        fixes,
        store,
      });
    }
  }
}

/** A PHI store that uses this security group (its findings are then errors). */
function phiStoreBehind(run: IacRun, owner: IacResource): IacResource | undefined {
  if (run.assess(owner).phi) return owner;
  // A standalone ingress rule belongs to the group it names.
  const groupProperty = { terraform: 'security_group_id', pulumi: 'securityGroupId', cdk: 'securityGroup' }[run.format as string] ?? 'GroupId';
  const group = referencedResource(run.document, getValue(owner.properties, groupProperty)) ?? owner;
  return run.document.scope.find((resource) => resource !== group && run.assess(resource).phi && refsIn(resource.properties).some((ref) => ref.target === group.name));
}

/** Azure: what `*`, `Internet`, `Any` and `0.0.0.0/0` mean as a source: everyone. */
const AZURE_ANYWHERE = new Set(['*', 'internet', 'any', '0.0.0.0/0', '0.0.0.0', '::/0']);

/** Admin ports within an Azure port range: `22`, `3000-4000`, `*`. */
function azurePorts(range: string): 'all' | number[] {
  const text = range.trim();
  if (text === '*') return 'all';
  const match = /^(\d+)(?:\s*-\s*(\d+))?$/.exec(text);
  if (!match) return [];
  const from = Number(match[1]);
  const to = match[2] ? Number(match[2]) : from;
  if (from <= 0 && to >= 65535) return 'all';
  return Object.keys(ADMIN_PORTS)
    .map(Number)
    .filter((port) => port >= from && port <= to);
}

/** The names of a security rule's settings: azurerm's, and ARM's and Bicep's. */
const NSG_KEYS = {
  terraform: { ports: 'destination_port_range', portLists: 'destination_port_ranges', source: 'source_address_prefix', sources: 'source_address_prefixes' },
  template: { ports: 'destinationPortRange', portLists: 'destinationPortRanges', source: 'sourceAddressPrefix', sources: 'sourceAddressPrefixes' },
};

/** Security rules with the resource they are written in: inline in a group, or their own resource. */
function securityRules(run: IacRun): { owner: IacResource; rule: IacValue | undefined }[] {
  if (run.format === 'terraform') {
    return [
      ...run.resources('azurerm_network_security_group').flatMap((group) => getAll(group.properties, 'security_rule').map((rule) => ({ owner: group, rule }))),
      ...run.resources('azurerm_network_security_rule').map((rule) => ({ owner: rule, rule: rule.properties as IacValue | undefined })),
    ];
  }
  if (!isAzureTemplate(run.format)) return [];
  return [
    ...run.resources('Microsoft.Network/networkSecurityGroups').flatMap((group) => itemsOf(getValue(group.properties, 'securityRules')).map((rule) => ({ owner: group, rule: getValue(rule, 'properties') }))),
    ...run.resources('Microsoft.Network/networkSecurityGroups/securityRules').map((rule) => ({ owner: rule, rule: rule.properties as IacValue | undefined })),
  ];
}

/**
 * Network security groups (azurerm: inline `security_rule` blocks and
 * `azurerm_network_security_rule`; ARM and Bicep: `securityRules` and
 * `networkSecurityGroups/securityRules`): Inbound Allow rules from everyone to admin or database
 * ports.
 */
function checkNetworkSecurityGroups(run: IacRun): void {
  const keys = run.format === 'terraform' ? NSG_KEYS.terraform : NSG_KEYS.template;
  for (const { owner, rule } of securityRules(run)) {
    if (run.text(getValue(rule, 'direction'))?.toLowerCase() !== 'inbound' || run.text(getValue(rule, 'access'))?.toLowerCase() !== 'allow') continue;
    const protocol = run.text(getValue(rule, 'protocol'))?.toLowerCase();
    if (protocol !== undefined && protocol !== 'tcp' && protocol !== '*' && protocol !== 'udp') continue;
    const ranges = [getValue(rule, keys.ports), ...itemsOf(getValue(rule, keys.portLists))].flatMap((value) => {
      const text = run.text(value);
      return text === undefined ? [] : [text];
    });
    const opened = ranges.map(azurePorts);
    const ports: 'all' | number[] = opened.includes('all') ? 'all' : [...new Set(opened.flat() as number[])].sort((a, b) => a - b);
    if (ports !== 'all' && ports.length === 0) continue;
    const sources = [getValue(rule, keys.source), ...itemsOf(getValue(rule, keys.sources))].filter((value): value is IacValue => value !== undefined);
    for (const source of sources) {
      const prefix = run.text(source);
      if (prefix === undefined || !AZURE_ANYWHERE.has(prefix.toLowerCase())) continue;
      const what = ports === 'all' ? 'every port' : ports.map((port) => `${port} (${ADMIN_PORTS[port]})`).join(', ');
      const store = phiStoreBehind(run, owner);
      run.report('azure-nsg-no-internet-admin-ports', owner, `${run.label(owner)} allows ${what} from the whole internet (\`${prefix}\`): hosts and databases behind it can be scanned and brute-forced from anywhere. Allow only your VPN or bastion range, or use Azure Bastion.`, {
        at: source.span,
        store,
        // ARM and Bicep: no automatic fix yet (it would need a new parameter); suppression only.
        fixes: run.format !== 'terraform' ? [] : [
          run.fix(
            'Replace the source with variable `admin_cidr` (set it to your office or VPN range)',
            [run.editor.replaceValue(source, { $ref: 'var.admin_cidr' }), run.editor.addParameter('admin_cidr', { type: 'string', description: 'CIDR range allowed to reach administration and database ports' })],
            false,
          ),
        ],
      });
    }
  }
}

export default iacOpenAdminPorts;
