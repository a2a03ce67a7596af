import { HttpService } from '@nestjs/axios';
import { Injectable, Logger } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { firstValueFrom } from 'rxjs';
import type { Member } from '../claims/claim.types';

interface EligibilityResponse {
  active: boolean;
  planCode: string;
  copayCents: number;
  deductibleRemainingCents: number;
}

const CLEARINGHOUSE_URL = 'https://api.clearinghouse.example/v2';

@Injectable()
export class EligibilityService {
  private readonly logger = new Logger(EligibilityService.name);

  constructor(
    private readonly http: HttpService,
    private readonly configService: ConfigService,
  ) {}

  private get headers() {
    return {
      'X-Api-Key': this.configService.getOrThrow<string>('CLEARINGHOUSE_API_KEY'), // ok: no-hardcoded-credentials
      'X-Trading-Partner': 'ACMEHP01',
    };
  }

  /** Real-time 270/271 check. */
  async check(member: Member): Promise<EligibilityResponse> {
    const { data } = await firstValueFrom(
      this.http.post<EligibilityResponse>(
        `${CLEARINGHOUSE_URL}/eligibility`, // ok: no-phi-in-urls
        { memberId: member.memberId, firstName: member.firstName, lastName: member.lastName, dateOfBirth: member.dateOfBirth },
        { headers: this.headers, timeout: 5000 },
      ),
    );
    this.logger.log(`eligibility for member ${member.id}: active=${data.active} plan=${data.planCode}`); // ok: no-phi-in-logs
    return data;
  }

  /** The clearinghouse's legacy lookup still only accepts GET. */
  async lookupLegacy(member: Member): Promise<EligibilityResponse> {
    const { data } = await firstValueFrom(
      this.http.get<EligibilityResponse>(`${CLEARINGHOUSE_URL}/members/lookup`, {
        params: {
          memberId: member.memberId, // expect: no-phi-in-urls
          dob: member.dateOfBirth, // expect: no-phi-in-urls
          group: member.groupNumber, // ok: no-phi-in-urls
        },
        headers: this.headers,
      }),
    );
    return data;
  }

  async lookupBySsn(ssn: string): Promise<EligibilityResponse> {
    const { data } = await firstValueFrom(this.http.get<EligibilityResponse>(`${CLEARINGHOUSE_URL}/members/by-ssn/${ssn}`)); // expect: no-phi-in-urls
    return data;
  }

  async planSummary(planCode: string): Promise<unknown> {
    const { data } = await firstValueFrom(this.http.get(`${CLEARINGHOUSE_URL}/plans/${planCode}/summary`, { headers: this.headers })); // ok: no-phi-in-urls
    return data;
  }
}
