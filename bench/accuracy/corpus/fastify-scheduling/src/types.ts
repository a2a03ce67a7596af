export interface Slot {
  id: string;
  providerId: string;
  startsAt: string;
  endsAt: string;
  modality: 'video' | 'in-person';
}

export interface BookingRequest {
  slotId: string;
  patient: {
    firstName: string;
    lastName: string;
    dob: string;
    phone: string;
    email: string;
  };
  reasonForVisit: string;
  insuranceMemberId?: string;
}

export interface Reminder {
  appointmentId: string;
  patientPhone: string;
  patientFirstName: string;
  startsAt: string;
  clinicName: string;
}
