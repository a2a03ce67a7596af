import { Injectable, Logger, NotFoundException } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import newrelic from 'newrelic';
import tracer from 'dd-trace';
import { Repository } from 'typeorm';
import { withSpan } from '../common/tracing';
import { ClaimEntity } from './claim.entity';
import type { Claim, CreateClaimDto } from './claim.types';

@Injectable()
export class ClaimsService {
  private readonly logger = new Logger(ClaimsService.name);

  constructor(@InjectRepository(ClaimEntity) private readonly claims: Repository<ClaimEntity>) {}

  async submit(dto: CreateClaimDto): Promise<Claim> {
    return withSpan('claims.submit', { 'claim.lines': dto.lines.length }, async (span) => { // ok: no-phi-in-error-tracking
      span.setAttribute('member.id', dto.memberId); // expect: no-phi-in-error-tracking
      span.setAttribute('claim.diagnosis_count', dto.diagnosisCodes.length); // ok: no-phi-in-error-tracking
      const entity = this.claims.create({ ...dto, status: 'received', receivedAt: new Date() });
      const saved = await this.claims.save(entity);
      this.logger.log(`Claim ${saved.claimNumber} received with ${dto.lines.length} lines`); // ok: no-phi-in-logs
      this.logger.debug(`Claim ${saved.claimNumber} diagnoses: ${dto.diagnosisCodes.join(', ')}`); // expect: no-phi-in-logs
      newrelic.addCustomAttribute('claimLineCount', dto.lines.length); // ok: no-phi-in-error-tracking
      newrelic.addCustomAttribute('patientDob', dto.patientDob); // expect: no-phi-in-error-tracking
      return saved as Claim;
    });
  }

  async get(claimId: string): Promise<Claim> {
    const claim = await this.claims.findOne({ where: { id: claimId } });
    if (!claim) {
      this.logger.warn(`claim ${claimId} not found`); // ok: no-phi-in-logs
      throw new NotFoundException();
    }
    tracer.scope().active()?.setTag('claim.status', claim.status); // ok: no-phi-in-error-tracking
    return claim as Claim;
  }

  async adjudicate(claim: Claim): Promise<void> {
    const span = tracer.scope().active();
    span?.setTag('claim.member', claim.memberId); // expect: no-phi-in-error-tracking
    span?.addTags({ 'claim.total_cents': claim.totalChargedCents, 'claim.line_count': claim.lines.length }); // ok: no-phi-in-error-tracking
    if (claim.diagnosisCodes.length === 0) {
      this.logger.error('claim has no diagnosis codes', JSON.stringify(claim)); // expect: no-phi-in-logs
      newrelic.noticeError(new Error('Claim without diagnosis'), { claimId: claim.id, status: claim.status }); // ok: no-phi-in-error-tracking
      return;
    }
    newrelic.recordCustomEvent('ClaimAdjudicated', {
      claimId: claim.id, // ok: no-phi-in-error-tracking
      diagnosisCodes: claim.diagnosisCodes.join('|'), // expect: no-phi-in-error-tracking
      patientLastName: claim.patientLastName, // expect: no-phi-in-error-tracking
    });
  }
}
