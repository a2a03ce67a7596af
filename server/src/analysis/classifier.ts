import type { TaxonomyData } from '../catalog/catalog';
import type { DataCategory, DataType } from '../core/types';
import { normalizedTokens, singular, tokenize } from './tokenize';

/**
 * What a name says about the value it holds.
 * - 'field': the value is one piece of sensitive data (`ssn`, `patient.email`).
 * - 'record': the value is a whole record that holds PHI (`patient`, `patientRecords`).
 */
export interface Classification {
  kind: 'field' | 'record';
  dataType: DataType;
  /** The name ends in a plural ( `patients`): a list of records rather than one. */
  plural: boolean;
  /** A record known by its declared type (`checkIn: MoodCheckIn`): the type's name, whose words say what its parts are. */
  recordType?: string;
}

type SpanKind = 'data' | 'contextData' | 'record' | 'notData' | 'person';

interface Phrase {
  tokens: string[];
  kind: SpanKind;
  dataType?: DataType;
}

interface Span {
  start: number;
  end: number;
  phrase: Phrase;
}

/**
 * Classifies identifiers and property chains against the taxonomy in rules/data-types.yaml.
 * Pure and cached: the same name in the same context always gets the same answer.
 */
export class Classifier {
  private readonly phrasesByFirstToken = new Map<string, Phrase[]>();
  private readonly qualifiersBefore: Set<string>;
  private readonly qualifiersAfter: Set<string>;
  private readonly recordSuffixes: Set<string>;
  private readonly cache = new Map<string, Classification | null>();
  private readonly personCache = new Map<string, boolean>();
  private readonly dataTypes = new Map<string, DataType>();
  private readonly wholeOnly = new Set<string>();

  constructor(taxonomy: TaxonomyData, extraDataTypes: readonly DataTypeExtension[] = []) {
    const categories = new Map<string, DataCategory>(taxonomy.categories.map((category) => [category.id, category]));
    const add = (phrase: string, kind: SpanKind, dataType?: DataType) => {
      const tokens = normalizedTokens(phrase);
      if (tokens.length === 0) return;
      const list = this.phrasesByFirstToken.get(tokens[0]) ?? [];
      list.push({ tokens, kind, dataType });
      this.phrasesByFirstToken.set(tokens[0], list);
    };
    const dataTypeOf = (entry: { id: string; label: string; category: string }): DataType => ({
      id: entry.id,
      label: entry.label,
      category: categories.get(entry.category) ?? { id: entry.category, label: entry.category, group: 'phi' },
    });
    for (const entry of [...taxonomy.dataTypes, ...taxonomy.containers, ...extraDataTypes]) this.dataTypes.set(entry.id, dataTypeOf(entry));
    for (const entry of taxonomy.dataTypes) if (entry.partsAreData === false) this.wholeOnly.add(entry.id);
    for (const entry of [...taxonomy.dataTypes, ...extraDataTypes]) {
      const dataType = dataTypeOf(entry);
      for (const name of entry.names) add(name, 'data', dataType);
      for (const name of entry.contextNames ?? []) add(name, 'contextData', dataType);
    }
    for (const entry of taxonomy.containers) {
      const dataType = dataTypeOf(entry);
      for (const name of entry.names) add(name, 'record', dataType);
    }
    for (const name of taxonomy.notData) add(name, 'notData');
    for (const name of taxonomy.personContext) add(name, 'person');
    // Longest phrase first, so that `patient name` wins over `patient`.
    for (const list of this.phrasesByFirstToken.values()) list.sort((a, b) => b.tokens.length - a.tokens.length);
    this.qualifiersBefore = new Set(taxonomy.qualifiers.before.map(singular));
    this.qualifiersAfter = new Set(taxonomy.qualifiers.after.map(singular));
    this.recordSuffixes = new Set(taxonomy.recordSuffixes.map(singular));
  }

  /**
   * Classifies a name. `context` holds the names of the objects it was read from, outermost
   * first: for `req.body.patient.name`, classify('name', ['req', 'body', 'patient']).
   */
  classify(name: string, context: readonly string[] = []): Classification | undefined {
    const key = context.length > 0 ? `${context.join('.')}|${name}` : name;
    let result = this.cache.get(key);
    if (result === undefined) {
      result = this.classifyUncached(name, context) ?? null;
      this.cache.set(key, result);
    }
    return result ?? undefined;
  }

  /** Whether a property read from a value of this type is still the data (`address.city`). */
  partsAreData(dataType: DataType): boolean {
    return !this.wholeOnly.has(dataType.id);
  }

  /** A data type of the taxonomy by id: 'patient-record', 'inbound-payload'. */
  dataType(id: string): DataType | undefined {
    return this.dataTypes.get(id);
  }

  /**
   * Whether a property name is about a value rather than part of it: `length`, `type`, `id`,
   * `domain`. `patient.ssn.length` is a number, not an SSN.
   */
  isMetadataName(name: string): boolean {
    const tokens = normalizedTokens(name);
    return tokens.length > 0 && this.qualifiersAfter.has(tokens[tokens.length - 1]);
  }

  /**
   * Whether a property names something other than data even when read from data:
   * `prescription.pharmacyName`, `medication.refillsRemaining`, `patient.ssn.length`.
   */
  namesNonData(name: string): boolean {
    if (this.isMetadataName(name)) return true;
    const spans = this.spans(normalizedTokens(name));
    const head = lastOf(spans, (span) => span.phrase.kind !== 'person');
    return head?.phrase.kind === 'notData';
  }

  /**
   * Whether a name ends in a word that makes what it holds something other than a person's data:
   * an organisation (`clinic`, `practiceOffice`, `vendor`) or a state of the data (`masked`).
   * `clinic.phone` is the clinic's phone.
   */
  namesNonPersonOwner(name: string): boolean {
    const tokens = normalizedTokens(name);
    return tokens.length > 0 && this.qualifiersBefore.has(tokens[tokens.length - 1]);
  }

  /** Whether a name speaks of a person or a record of one (`patient`, `emergencyContact`). */
  namesPerson(name: string): boolean {
    let result = this.personCache.get(name);
    if (result === undefined) {
      const tokens = normalizedTokens(name);
      const person = lastOf(this.spans(tokens), (span) => span.phrase.kind === 'person' || span.phrase.kind === 'record');
      // `PatientsService`, `patientRepo`: a component named after people is no person.
      result = person !== undefined && !tokens.slice(person.end).some((token) => this.qualifiersAfter.has(token));
      this.personCache.set(name, result);
    }
    return result;
  }

  private classifyUncached(name: string, context: readonly string[]): Classification | undefined {
    const tokens = normalizedTokens(name);
    if (tokens.length === 0) return undefined;
    const spans = this.spans(tokens);
    const head = lastOf(spans, (span) => span.phrase.kind !== 'person');
    if (!head || head.phrase.kind === 'notData') {
      return this.recordByContext(tokens, context);
    }
    if (tokens.slice(0, head.start).some((token) => this.qualifiersBefore.has(token))) return undefined;
    const after = tokens.slice(head.end);
    const dataType = head.phrase.dataType!;
    if (head.phrase.kind === 'record') {
      if (!after.every((token) => this.recordSuffixes.has(token))) return undefined;
      return { kind: 'record', dataType, plural: isPlural(name) };
    }
    if (after.some((token) => this.qualifiersAfter.has(token))) return undefined;
    if (head.phrase.kind === 'contextData') {
      const personBefore = spans.some((span) => span.end <= head.start && (span.phrase.kind === 'person' || span.phrase.kind === 'record'));
      if (!personBefore && !context.some((outer) => this.namesPerson(outer))) return undefined;
    }
    return { kind: 'field', dataType, plural: false };
  }

  /**
   * `patient.data`, `patientResponse.json`: a name made only of record suffixes, read from a
   * record, is still the record.
   */
  private recordByContext(tokens: string[], context: readonly string[]): Classification | undefined {
    if (context.length === 0 || !tokens.every((token) => this.recordSuffixes.has(token))) return undefined;
    const outer = this.classify(context[context.length - 1], context.slice(0, -1));
    return outer?.kind === 'record' ? outer : undefined;
  }

  /** Greedy longest-phrase segmentation; tokens outside every phrase are left uncovered. */
  private spans(tokens: string[]): Span[] {
    const spans: Span[] = [];
    let i = 0;
    while (i < tokens.length) {
      const candidates = this.phrasesByFirstToken.get(tokens[i]);
      const match = candidates?.find((phrase) => phrase.tokens.every((token, offset) => tokens[i + offset] === token));
      if (match) {
        spans.push({ start: i, end: i + match.tokens.length, phrase: match });
        i += match.tokens.length;
      } else {
        i++;
      }
    }
    return spans;
  }
}

/** A data type added by a project's .phi-lint.yaml. */
export interface DataTypeExtension {
  id: string;
  label: string;
  category: string;
  names: string[];
  contextNames?: string[];
}

function lastOf<T>(items: T[], predicate: (item: T) => boolean): T | undefined {
  for (let i = items.length - 1; i >= 0; i--) if (predicate(items[i])) return items[i];
  return undefined;
}

function isPlural(name: string): boolean {
  const tokens = tokenize(name);
  const last = tokens[tokens.length - 1] ?? '';
  return last !== singular(last) || /(list|array|rows|records)$/i.test(name);
}
