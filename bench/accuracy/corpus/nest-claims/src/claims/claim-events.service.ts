import { HttpService } from '@nestjs/axios';
import { Injectable, Logger } from '@nestjs/common';
import { Analytics } from '@segment/analytics-node';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { writeFile } from 'node:fs/promises';
import { firstValueFrom } from 'rxjs';
import { withSpan } from '../common/tracing';
import type { Claim } from './claim.types';

/**
 * Fans adjudication outcomes out to the member app (through Segment), the payer's status API
 * and the S3 archive the appeals team reads.
 */
@Injectable()
export class ClaimEventsService {
  private readonly logger = new Logger(ClaimEventsService.name);
  private readonly events = new Analytics({ writeKey: process.env.SEGMENT_WRITE_KEY ?? '' });
  private readonly archive = new S3Client({ region: 'us-east-1' });

  constructor(private readonly http: HttpService) {}

  async denied(claim: Claim, denialReason: string): Promise<void> {
    this.events.track({ userId: claim.memberId, event: 'Claim Denied', properties: { claimId: claim.id, status: claim.status } }); // expect: no-phi-in-analytics
    this.events.track({ userId: claim.memberId, event: 'Claim Denied', properties: { diagnosisCodes: claim.diagnosisCodes } }); // expect: no-phi-in-analytics x2
    this.logger.log(`claim ${claim.id} denied`); // ok: no-phi-in-logs

    await withSpan('claims.denied', { 'claim.id': claim.id }, async (span) => {
      span.setAttribute('claim.status', claim.status); // ok: no-phi-in-error-tracking
      span.setAttribute('claim.patient_dob', claim.patientDob); // expect: no-phi-in-error-tracking
      await firstValueFrom(this.http.get(`https://payer.example.com/status/${claim.claimNumber}`)); // expect: no-phi-in-urls
      await firstValueFrom(this.http.get('https://payer.example.com/members', { params: { lastName: claim.patientLastName, dob: claim.patientDob } })); // expect: no-phi-in-urls x2
    });

    await this.archive.send(
      new PutObjectCommand({ Bucket: 'claims-appeals', Key: `denied/${claim.id}.json`, Body: JSON.stringify({ claim, denialReason }), ServerSideEncryption: 'aws:kms' }), // ok: no-unencrypted-phi-writes
    );
    await this.archive.send(new PutObjectCommand({ Bucket: 'claims-appeals-scratch', Key: `denied/${claim.id}.json`, Body: JSON.stringify(claim) })); // expect: no-unencrypted-phi-writes
    await writeFile(`/tmp/denied-${claim.id}.json`, JSON.stringify({ id: claim.id, status: claim.status })); // ok: no-unencrypted-phi-writes
  }
}
