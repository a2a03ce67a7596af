import { callSinkRule } from './callSinkRule';

/** PHI sent to error tracking and APM: Sentry, Datadog, New Relic, Application Insights, ... */
export const noPhiInErrorTracking = callSinkRule({
  id: 'no-phi-in-error-tracking',
  description: 'Protected health information must not be sent to error-tracking and APM services.',
  family: 'error-tracking',
  references: ['HIPAA-164.502(b)', 'HIPAA-164.312(b)', 'CPRA-1798.100(c)', 'CPRA-1798.150', 'CWE-359'],
  wording: {
    field: (sink, vendor) =>
      `reaches ${vendor} through \`${sink}\`: error and APM events are stored by the vendor, indexed and shown to anyone with a dashboard login, usually without a Business Associate Agreement.`,
    record: (sink, vendor) =>
      `is sent whole to ${vendor} through \`${sink}\`: every field of the record, names and identifiers included, is stored by the vendor outside your PHI safeguards.`,
  },
});

export default noPhiInErrorTracking;
