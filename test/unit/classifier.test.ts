import * as assert from 'assert';
import { Classifier } from '../../server/src/analysis/classifier';
import { normalizedTokens, singular, tokenize } from '../../server/src/analysis/tokenize';
import { bundledCatalog } from '../../server/src/catalog/catalog';

/**
 * name, context (outermost first, dotted), expected data type id (or undefined for "not sensitive"),
 * and for records the kind. Each row is one `it`, so a failure names the row.
 */
type Row = [name: string, context: string, expected: string | undefined, kind?: 'record'];

const ROWS: Row[] = [
  // Tokenization: camelCase, PascalCase, snake_case, SCREAMING_SNAKE, kebab-case, acronyms.
  ['ssn', '', 'ssn'],
  ['SSN', '', 'ssn'],
  ['patientSsn', '', 'ssn'],
  ['patientSSN', '', 'ssn'],
  ['PatientSsn', '', 'ssn'],
  ['patient_ssn', '', 'ssn'],
  ['PATIENT_SSN', '', 'ssn'],
  ['patient-ssn', '', 'ssn'],
  ['socialSecurityNumber', '', 'ssn'],
  ['social_security_number', '', 'ssn'],
  ['firstName', '', 'person-name'],
  ['first_name', '', 'person-name'],
  ['FIRST_NAME', '', 'person-name'],
  ['first-name', '', 'person-name'],
  ['fullName', '', 'person-name'],
  ['patientName', '', 'person-name'],
  ['emergencyContactName', '', 'person-name'],
  ['dob', '', 'date-of-birth'],
  ['DOB', '', 'date-of-birth'],
  ['dobISO', '', 'date-of-birth'],
  ['dateOfBirth', '', 'date-of-birth'],
  ['date_of_birth', '', 'date-of-birth'],
  ['birthDate', '', 'date-of-birth'],
  ['patientMRN', '', 'medical-record-number'],
  ['medicalRecordNumber', '', 'medical-record-number'],
  ['ehrId', '', 'medical-record-number'],
  ['email', '', 'email-address'],
  ['emailAddress', '', 'email-address'],
  ['e_mail', '', 'email-address'],
  ['userEmail', '', 'email-address'],
  ['phoneNumber', '', 'phone-number'],
  ['faxNumber', '', 'phone-number'],
  ['guardianPhone', '', 'phone-number'],
  ['homeAddress', '', 'postal-address'],
  ['shippingAddress', '', 'postal-address'],
  ['zipCode', '', 'postal-address'],
  ['memberId', '', 'health-plan-id'],
  ['member_id', '', 'health-plan-id'],
  ['subscriberId', '', 'health-plan-id'],
  ['policyNumber', '', 'health-plan-id'],
  ['cardNumber', '', 'payment-card'],
  ['cvv', '', 'payment-card'],
  ['password', '', 'credential'],
  ['latitude', '', 'precise-geolocation'],
  ['diagnosis', '', 'diagnosis'],
  ['primaryDx', '', 'diagnosis'],
  ['icd10Code', '', 'diagnosis'],
  ['chiefComplaint', '', 'diagnosis'],
  ['reasonForVisit', '', 'diagnosis'],
  ['medication', '', 'medication'],
  ['allergies', '', 'allergy'],
  ['hivStatus', '', 'reproductive-health'],
  ['pregnancyStatus', '', 'reproductive-health'],
  ['diagnosisDate', '', 'person-date'],
  ['admissionDate', '', 'person-date'],
  ['patientAge', '', 'age'],
  ['dobStr', '', 'date-of-birth'],

  // Plurals match the singular vocabulary, irregular ones included.
  ['ssns', '', 'ssn'],
  ['lastNames', '', 'person-name'],
  ['emails', '', 'email-address'],
  ['diagnoses', '', 'diagnosis'],
  ['medications', '', 'medication'],
  ['homeAddresses', '', 'postal-address'],
  ['memberIds', '', 'health-plan-id'],

  // Context-only names: sensitive next to a person, in the name or in the chain it is read from.
  ['name', '', undefined],
  ['name', 'patient', 'person-name'],
  ['name', 'req.body.patient', 'person-name'],
  ['name', 'member', 'person-name'],
  ['name', 'config', undefined],
  ['name', 'err', undefined],
  ['address', '', undefined],
  ['address', 'patient', 'postal-address'],
  ['address', 'clinic', undefined],
  ['clinicAddress', '', undefined],
  ['city', '', undefined],
  ['city', 'patient.address', 'postal-address'],
  ['mobile', '', undefined],
  ['mobile', 'patient', 'phone-number'],
  ['patientMobile', '', 'phone-number'],
  ['ipAddress', '', undefined],
  ['ipAddress', 'user', 'ip-address'],
  ['rx', '', undefined],
  ['rx', 'patient', 'medication'],
  ['notes', '', undefined],
  ['notes', 'patient', 'clinical-note'],
  ['history', '', undefined],
  ['history', 'patient', 'clinical-note'],
  ['weight', 'patient', 'lab-result'],
  ['age', '', undefined],
  ['age', 'member', 'age'],
  ['pin', 'user', 'credential'],
  ['location', '', undefined],
  ['location', 'patient', 'precise-geolocation'],
  ['race', 'patient', 'racial-ethnic-origin'],
  // A class or service named after patients is not a patient: `PatientsService.name` is a class name.
  ['name', 'PatientsService', undefined],
  ['name', 'UsersController', undefined],

  // Exclusions: notData phrases win over any data type.
  ['fileName', '', undefined],
  ['userName', '', undefined],
  ['hostname', '', undefined],
  ['displayName', '', undefined],
  ['providerName', '', undefined],
  ['clinicName', '', undefined],
  ['serverAddress', '', undefined],
  ['macAddress', '', undefined],
  ['dobFormat', '', undefined],
  ['lastLogin', '', undefined],
  ['visitId', '', undefined],
  ['appointmentId', '', undefined],
  ['requestId', '', undefined],
  ['sessionId', '', undefined],

  // Qualifiers: about the data, not the data.
  ['isSsnValid', '', undefined],
  ['validSsn', '', undefined],
  ['hasEmail', '', undefined],
  ['isEmailVerified', '', undefined],
  ['isPregnant', '', undefined],
  ['maskedSsn', '', undefined],
  ['redactedEmail', '', undefined],
  ['ssnPattern', '', undefined],
  ['ssnRegex', '', undefined],
  ['emailTemplate', '', undefined],
  ['emailSubject', '', undefined],
  ['emailCount', '', undefined],
  ['dobLabel', '', undefined],
  ['diagnosisCodeSystem', '', undefined],
  ['passwordHash', '', undefined],
  ['numPatients', '', undefined],
  ['totalPatients', '', undefined],

  // Containers: whole records, with record suffixes; any other suffix makes it something else.
  ['patient', '', 'patient-record', 'record'],
  ['patients', '', 'patient-record', 'record'],
  ['patientRecord', '', 'patient-record', 'record'],
  ['patientRecords', '', 'patient-record', 'record'],
  ['patientData', '', 'patient-record', 'record'],
  ['patientsList', '', 'patient-record', 'record'],
  ['fhirPatient', '', 'patient-record', 'record'],
  ['intakeForm', '', 'patient-record', 'record'],
  ['phi', '', 'patient-record', 'record'],
  ['subscriber', '', 'patient-record', 'record'],
  ['piiData', '', 'personal-record', 'record'],
  ['data', 'patient', 'patient-record', 'record'],
  ['json', 'patientResponse', 'patient-record', 'record'],
  ['body', 'req', undefined],
  ['patientId', '', undefined],
  ['patientIds', '', undefined],
  ['patientCount', '', undefined],
  ['patientService', '', undefined],
  ['patientsController', '', undefined],

  // Names that share letters with the vocabulary but no token.
  ['npi', '', undefined],
  ['XMLHttpRequest', '', undefined],
  ['dosageUnitsEnum', '', undefined],
  ['emailer', '', undefined],
];

describe('classifier', () => {
  const classifier = new Classifier(bundledCatalog().taxonomy);

  it(`has a table of at least 80 rows (${ROWS.length})`, () => {
    assert.ok(ROWS.length >= 80);
    const keys = ROWS.map(([name, context]) => `${context}|${name}`);
    assert.deepStrictEqual(keys.filter((key, index) => keys.indexOf(key) !== index), [], 'duplicate rows');
  });

  for (const [name, context, expected, kind] of ROWS) {
    const shown = context ? `${context}.${name}` : name;
    it(`${shown} -> ${expected ?? 'not sensitive'}${kind ? ' (record)' : ''}`, () => {
      const result = classifier.classify(name, context ? context.split('.') : []);
      assert.strictEqual(result?.dataType.id, expected, `classify(${JSON.stringify(name)}, ${JSON.stringify(context ? context.split('.') : [])})`);
      if (result) assert.strictEqual(result.kind, kind ?? 'field');
    });
  }

  it('marks plural records as plural and singular ones not', () => {
    assert.strictEqual(classifier.classify('patients')?.plural, true);
    assert.strictEqual(classifier.classify('patientRecords')?.plural, true);
    assert.strictEqual(classifier.classify('patient')?.plural, false);
    assert.strictEqual(classifier.classify('patientRecord')?.plural, false);
  });

  it('labels data types with their category, for messages', () => {
    const ssn = classifier.classify('ssn')!;
    assert.strictEqual(ssn.dataType.label, 'Social Security number');
    assert.strictEqual(ssn.dataType.category.label, 'a HIPAA identifier');
    assert.strictEqual(ssn.dataType.category.group, 'phi');
    assert.strictEqual(classifier.classify('cardNumber')!.dataType.category.group, 'pii');
  });

  it('knows which names speak of a person', () => {
    assert.strictEqual(classifier.namesPerson('patient'), true);
    assert.strictEqual(classifier.namesPerson('emergencyContact'), true);
    assert.strictEqual(classifier.namesPerson('req'), false);
    assert.strictEqual(classifier.namesPerson('config'), false);
  });

  it('gives the same answer from its cache', () => {
    const first = classifier.classify('name', ['patient']);
    const second = classifier.classify('name', ['patient']);
    assert.strictEqual(first, second);
    assert.strictEqual(classifier.classify('name'), undefined);
  });

  it('adds data types from a project config', () => {
    const extended = new Classifier(bundledCatalog().taxonomy, [
      { id: 'badge-number', label: 'employee badge number', category: 'hipaa-identifier', names: ['badge number'], contextNames: ['badge'] },
    ]);
    assert.strictEqual(extended.classify('badgeNumber')?.dataType.id, 'badge-number');
    assert.strictEqual(extended.classify('badgeNumber')?.dataType.category.label, 'a HIPAA identifier');
    assert.strictEqual(extended.classify('badge'), undefined);
    assert.strictEqual(extended.classify('badge', ['employee'])?.dataType.id, 'badge-number');
    assert.strictEqual(classifier.classify('badgeNumber'), undefined, 'the bundled classifier is not changed');
  });
});

describe('tokenize', () => {
  const cases: [string, string[]][] = [
    ['patientSSN', ['patient', 'ssn']],
    ['HTTPServer', ['http', 'server']],
    ['XMLHttpRequest', ['xml', 'http', 'request']],
    ['address_line2', ['address', 'line', '2']],
    ['PATIENT_DOB', ['patient', 'dob']],
    ['dobISO', ['dob', 'iso']],
    ['first-name', ['first', 'name']],
    ['$patient', ['patient']],
    ['__proto__', ['proto']],
    ['icd10Code', ['icd', '10', 'code']],
    ['', []],
  ];
  for (const [name, tokens] of cases) {
    it(`${JSON.stringify(name)} -> ${tokens.join(' ') || '(nothing)'}`, () => {
      assert.deepStrictEqual(tokenize(name), tokens);
    });
  }

  it('singularizes consistently for vocabulary and names', () => {
    assert.strictEqual(singular('diagnoses'), 'diagnosis');
    assert.strictEqual(singular('allergies'), 'allergy');
    assert.strictEqual(singular('addresses'), 'address');
    assert.strictEqual(singular('emails'), 'email');
    assert.strictEqual(singular('status'), 'status');
    assert.strictEqual(singular('people'), 'person');
    assert.deepStrictEqual(normalizedTokens('patientAddresses'), ['patient', 'address']);
  });

  it('treats words that are Object.prototype keys as words', () => {
    assert.strictEqual(singular('constructor'), 'constructor');
    assert.deepStrictEqual(normalizedTokens('classConstructor'), ['class', 'constructor']);
  });

  it('hands out its remembered splits as copies a caller may change', () => {
    const first = normalizedTokens('patientEmails');
    first.push('changed');
    tokenize('patientEmails').pop();
    assert.deepStrictEqual(normalizedTokens('patientEmails'), ['patient', 'email']);
    assert.deepStrictEqual(tokenize('patientEmails'), ['patient', 'emails']);
  });
});
