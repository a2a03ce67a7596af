import { getValue, referencedResource, type IacResource } from '../analysis/iac/model';
import { createIacRule, type IacRun } from './iacRule';

const RULE_ID = 'iac-vpc-flow-logs';

/** Every VPC has a flow log: AWS::EC2::FlowLog / aws_flow_log naming it, in the template or module. */
export const iacVpcFlowLogs = createIacRule({
  id: RULE_ID,
  description: 'VPCs that carry PHI traffic must record flow logs.',
  references: ['HIPAA-164.312(b)', 'CPRA-1798.150', 'CWE-778'],
  fixable: false,
  code: [checkVpcs],
});

function hasFlowLog(run: IacRun, vpc: IacResource): boolean {
  const terraform = run.format === 'terraform';
  return run.document.scope.some((candidate) => {
    if (candidate.type !== (terraform ? 'aws_flow_log' : 'AWS::EC2::FlowLog')) return false;
    const target = getValue(candidate.properties, terraform ? 'vpc_id' : 'ResourceId');
    if (referencedResource(run.document, target) === vpc) return true;
    // A flow log whose target cannot be told (a variable, a list) might be this VPC's.
    return target !== undefined && run.resolve(target).state === 'unknown' && referencedResource(run.document, target) === undefined;
  });
}

function checkVpcs(run: IacRun): void {
  const terraform = run.format === 'terraform';
  for (const vpc of run.resources(terraform ? 'aws_vpc' : 'AWS::EC2::VPC')) {
    if (hasFlowLog(run, vpc)) continue;
    const fix = terraform
      ? run.fix(
          `Add \`aws_flow_log.${vpc.name.split('.')[1]}\` sending all traffic records to S3`,
          [
            run.editor.addResourceAfter(vpc, `aws_flow_log.${vpc.name.split('.')[1]}`, 'aws_flow_log', {
              vpc_id: { $ref: vpc.name, attribute: 'id' },
              traffic_type: 'ALL',
              log_destination_type: 's3',
              log_destination: { $ref: 'var.flow_log_bucket_arn' },
            }),
            run.editor.addParameter('flow_log_bucket_arn', { type: 'string', description: 'ARN of the S3 bucket that receives VPC flow logs' }),
          ],
          false,
        )
      : run.fix(
          `Add \`${vpc.name}FlowLog\` sending all traffic records to S3`,
          [
            run.editor.addResourceAfter(vpc, `${vpc.name}FlowLog`, 'AWS::EC2::FlowLog', {
              ResourceId: { $ref: vpc.name },
              ResourceType: 'VPC',
              TrafficType: 'ALL',
              LogDestinationType: 's3',
              LogDestination: { $ref: 'FlowLogBucketArn' },
            }),
            run.editor.addParameter('FlowLogBucketArn', { type: 'String', description: 'ARN of the S3 bucket that receives VPC flow logs' }),
          ],
          false,
        );
    run.report('vpc-flow-logs', vpc, `${run.label(vpc)} has no flow log: connections to and from the systems that hold PHI leave no record, so an exfiltration cannot be traced. Add a flow log (${terraform ? '`aws_flow_log` with `vpc_id`' : '`AWS::EC2::FlowLog` with `ResourceId`'}) that records all traffic.`, {
      fixes: [fix],
    });
  }
}

export default iacVpcFlowLogs;
