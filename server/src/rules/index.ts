import { internalError } from './internal-error';
import { IAC_RULES } from './iac';
import noPhiInAnalytics from './no-phi-in-analytics';
import noPhiInClientStorage from './no-phi-in-client-storage';
import noPhiInErrorTracking from './no-phi-in-error-tracking';
import noPhiInLogs from './no-phi-in-logs';
import noHardcodedCredentials from './no-hardcoded-credentials';
import noPhiInUrls from './no-phi-in-urls';
import noUnencryptedPhiWrites from './no-unencrypted-phi-writes';
import noWeakPseudonymization from './no-weak-pseudonymization';
import { parseError } from './parse-error';
import phiColumnNeedsPurpose from './phi-column-needs-purpose';
import type { EngineRule, Rule } from './rule';
import { suppressionReasonRequired } from './suppression-reason-required';
import { unusedSuppression } from './unused-suppression';

/** The explicit registry: a rule that is not listed here does not run. */
export const RULES: readonly Rule[] = [noPhiInLogs, noPhiInErrorTracking, noPhiInAnalytics, noPhiInClientStorage, noPhiInUrls, noUnencryptedPhiWrites, noWeakPseudonymization, noHardcodedCredentials, phiColumnNeedsPurpose, ...IAC_RULES];

export const ENGINE_RULES = {
  parseError,
  internalError,
  suppressionReasonRequired,
  unusedSuppression,
} as const satisfies Record<string, EngineRule>;

export const ALL_RULES: readonly (Rule | EngineRule)[] = [...RULES, ...Object.values(ENGINE_RULES)];

export const RULE_IDS: ReadonlySet<string> = new Set(ALL_RULES.map((rule) => rule.meta.id));
