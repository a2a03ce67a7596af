export type ClaimStatus = 'received' | 'pended' | 'adjudicated' | 'denied' | 'paid';

export interface ClaimLine {
  lineNumber: number;
  cptCode: string;
  icd10Codes: string[];
  units: number;
  chargedAmountCents: number;
}

export interface Claim {
  id: string;
  claimNumber: string;
  memberId: string;
  subscriberId: string;
  patientFirstName: string;
  patientLastName: string;
  patientDob: string;
  renderingProviderNpi: string;
  diagnosisCodes: string[];
  lines: ClaimLine[];
  status: ClaimStatus;
  totalChargedCents: number;
  receivedAt: Date;
}

export interface Member {
  id: string;
  memberId: string;
  groupNumber: string;
  firstName: string;
  lastName: string;
  dateOfBirth: string;
  ssn: string;
  planCode: string;
  email?: string;
}

export class CreateClaimDto {
  memberId!: string;
  patientFirstName!: string;
  patientLastName!: string;
  patientDob!: string;
  renderingProviderNpi!: string;
  diagnosisCodes!: string[];
  lines!: ClaimLine[];
}
