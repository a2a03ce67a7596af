export interface Member {
  id: string;
  memberNumber: string;
  firstName: string;
  lastName: string;
  birthDate: string;
  phoneNumber: string;
  email: string;
  pcpName?: string;
}

export interface Prescription {
  id: string;
  drugName: string;
  strength: string;
  daysSupply: number;
  pharmacyNcpdpId: string;
  status: 'active' | 'expired' | 'on-hold';
}

export interface MoodCheckIn {
  id: string;
  score: number;
  feelings: string[];
  journalEntry: string;
  createdAt: string;
}
