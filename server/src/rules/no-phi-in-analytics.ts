import { callSinkRule } from './callSinkRule';

/** PHI sent to analytics, advertising pixels and session replay (HHS OCR tracking guidance). */
export const noPhiInAnalytics = callSinkRule({
  id: 'no-phi-in-analytics',
  description: 'Protected health information must not be sent to analytics, advertising pixels or session replay.',
  family: 'analytics',
  references: ['HIPAA-164.502(b)', 'HIPAA-164.514', 'CPRA-1798.100(c)', 'CPRA-1798.121', 'CWE-359'],
  wording: {
    field: (sink, vendor) =>
      `reaches ${vendor} through \`${sink}\`: HHS OCR treats identifiers and health information sent to tracking technologies as a disclosure of PHI, and these vendors rarely sign a Business Associate Agreement.`,
    record: (sink, vendor) =>
      `is sent whole to ${vendor} through \`${sink}\`: every field of the record becomes an analytics property, a disclosure of PHI to the vendor.`,
  },
});

export default noPhiInAnalytics;
