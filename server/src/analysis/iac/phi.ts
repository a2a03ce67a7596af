import { normalizedTokens } from '../tokenize';
import type { PhiVocabulary } from './catalog';
import { asString, getValue, isAzureTemplate, resolvedValue, tagsOf, type IacDocument, type IacResource } from './model';

/**
 * Whether a resource is a PHI store: tagged so (`DataClassification: PHI`, `HIPAA: true`), or
 * named so (`PatientRecordsBucket`, `aws_s3_bucket.phi_archive`, a bucket named
 * `acme-ehr-exports`). A classification tag that says otherwise (`DataClassification: public`)
 * wins over the name.
 */
export interface PhiAssessment {
  phi: boolean;
  /** Why, for messages: "tagged `DataClassification: PHI`", "named like a PHI store: `patient-records`". */
  reason?: string;
}

const squash = (text: string) => text.toLowerCase().replace(/[^a-z0-9]/g, '');

export class PhiStores {
  private readonly tagKeys: Set<string>;
  private readonly flagKeys: Set<string>;
  private readonly phiValues: Set<string>;
  private readonly notPhiValues: Set<string>;
  private readonly phrases: string[][];
  private readonly cache = new WeakMap<IacResource, PhiAssessment>();

  constructor(private readonly vocabulary: PhiVocabulary) {
    this.tagKeys = new Set(vocabulary.tagKeys.map(squash));
    this.flagKeys = new Set(vocabulary.flagKeys.map(squash));
    this.phiValues = new Set(vocabulary.phiValues.map(squash));
    this.notPhiValues = new Set(vocabulary.notPhiValues.map(squash));
    this.phrases = vocabulary.names.map((name) => normalizedTokens(name)).filter((tokens) => tokens.length > 0);
  }

  assess(document: IacDocument, resource: IacResource): PhiAssessment {
    let result = this.cache.get(resource);
    if (!result) {
      result = this.assessUncached(document, resource);
      this.cache.set(resource, result);
    }
    return result;
  }

  private assessUncached(document: IacDocument, resource: IacResource): PhiAssessment {
    const tags = tagsOf(document, resource);
    for (const [key, value] of tags) {
      const squashedKey = squash(key);
      const squashedValue = squash(value);
      if (this.tagKeys.has(squashedKey)) {
        if (this.notPhiValues.has(squashedValue)) return { phi: false, reason: `tagged \`${key}: ${value}\`` };
        if (this.phiValues.has(squashedValue) || value.split(/[\s,;/|]+/).some((part) => this.phiValues.has(squash(part)))) return { phi: true, reason: `tagged \`${key}: ${value}\`` };
      }
      if (this.flagKeys.has(squashedKey) && /^(true|yes|1|y)$/i.test(value.trim())) return { phi: true, reason: `tagged \`${key}: ${value}\`` };
    }
    const ownName = resource.format === 'terraform' ? resource.name.split('.').pop()! : resource.name;
    const names = [ownName];
    // ARM and Bicep write a resource's own name next to its properties.
    if (isAzureTemplate(resource.format)) {
      const azureName = asString(resolvedValue(document, getValue(resource.container, 'name')));
      if (azureName && azureName !== ownName) names.push(azureName);
    }
    for (const property of this.vocabulary.nameProperties) {
      const text = asString(resolvedValue(document, getValue(resource.properties, property)));
      if (text) names.push(text);
    }
    for (const name of names) {
      const hit = this.phraseIn(normalizedTokens(name));
      if (hit) return { phi: true, reason: name === ownName ? 'named like a PHI store' : `named like a PHI store: \`${name}\`` };
    }
    // An ARM or Bicep child resource (a database's encryption, a server's auditing) is part of its parent's store.
    if (resource.parent) {
      const parent = this.assess(document, resource.parent);
      if (parent.phi) return { phi: true, reason: `part of \`${resource.parent.name}\`${parent.reason ? `, ${parent.reason}` : ''}` };
    }
    return { phi: false };
  }

  private phraseIn(tokens: string[]): string | undefined {
    for (const phrase of this.phrases) {
      for (let i = 0; i + phrase.length <= tokens.length; i++) {
        if (phrase.every((token, offset) => tokens[i + offset] === token)) return phrase.join(' ');
      }
    }
    return undefined;
  }
}
