import { Injectable, Logger } from '@nestjs/common';
import { createHash, createHmac } from 'crypto';
import * as appInsights from 'applicationinsights';
import type { Member } from '../claims/claim.types';

/**
 * Feeds the actuarial warehouse. Members are keyed by a pseudonym so that analysts can join
 * years of claims without seeing who the member is.
 */
@Injectable()
export class MemberAnalyticsService {
  private readonly logger = new Logger(MemberAnalyticsService.name);
  private readonly telemetry = appInsights.defaultClient;
  private readonly pepper = process.env.WAREHOUSE_PSEUDONYM_KEY ?? '';

  /** v1 pseudonym, still used by the 2019-2022 extracts. */
  legacyMemberKey(member: Member): string {
    return createHash('sha1').update(member.ssn).digest('hex'); // expect: no-weak-pseudonymization
  }

  memberKey(member: Member): string {
    return createHmac('sha256', this.pepper).update(member.memberId).digest('hex'); // ok: no-weak-pseudonymization
  }

  householdKey(member: Member): string {
    // Same subscriber + same date of birth = same person across plan years.
    return createHash('sha256').update(`${member.groupNumber}|${member.dateOfBirth}|${member.lastName}`).digest('base64'); // expect: no-weak-pseudonymization
  }

  extractChecksum(rows: string[]): string {
    const hash = createHash('sha256'); // ok: no-weak-pseudonymization
    for (const row of rows) hash.update(row);
    return hash.digest('hex');
  }

  emailKey(member: Member): string | undefined {
    return member.email ? createHash('md5').update(member.email.trim().toLowerCase()).digest('hex') : undefined; // expect: no-weak-pseudonymization
  }

  track(member: Member, extractName: string, rowCount: number) {
    this.telemetry.trackEvent({ name: 'WarehouseExtract', properties: { extractName, rowCount: String(rowCount) } }); // ok: no-phi-in-error-tracking
    this.telemetry.trackTrace({ message: `extract ${extractName} for member ${member.firstName} ${member.lastName}` }); // expect: no-phi-in-error-tracking x2
    this.telemetry.trackEvent({ name: 'MemberKeyed', properties: { memberKey: this.memberKey(member), planCode: member.planCode } }); // ok: no-phi-in-error-tracking
    this.logger.log(`keyed member ${this.memberKey(member)}`); // ok: no-phi-in-logs
  }
}
