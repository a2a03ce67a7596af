import * as fs from 'fs';
import * as path from 'path';
import type { TSESTree } from '@typescript-eslint/types';
import type { Bindings } from './bindings';
import type { Classifier, Classification } from './classifier';

/** What a type annotation says about a value: a PHI-bearing record, one or many. */
export interface TypedRecord {
  typeName: string;
  plural: boolean;
}

interface FileTypes {
  mtimeMs: number;
  /** Type name -> whether its fields include PHI. */
  phiTypes: Set<string>;
}

const SOURCE_EXTENSIONS = ['.ts', '.tsx', '.d.ts', '.mts', '.cts', '/index.ts', '/index.tsx', '/index.d.ts'];
/** Generic wrappers whose type argument is the value's content: `Promise<Patient>`. */
const TRANSPARENT_GENERICS = new Set(['Promise', 'Readonly', 'Partial', 'Required', 'Pick', 'Omit', 'NonNullable', 'Awaited', 'Observable']);
const COLLECTION_GENERICS = new Set(['Array', 'ReadonlyArray', 'Set', 'ReadonlySet']);
/** The taxonomy category of clinical data (rules/data-types.yaml). */
const HEALTH_INFORMATION = 'health-information';

/**
 * Knows which types hold PHI: types named like records (`Patient`), FHIR resources from FHIR
 * typings, and interfaces, type aliases and classes, in the file or in the relative modules it
 * imports from, whose fields classify as PHI (`Member { ssn; dateOfBirth }`). Declarations are
 * read with a light scanner rather than a parse, cached per file and modification time, so an
 * edited types file is read again.
 */
export class TypeIndex {
  private readonly files = new Map<string, FileTypes>();
  private current: { file: string; text: string; phiTypes: Set<string> } | undefined;
  private readonly fhir: Set<string>;

  constructor(
    private readonly classifier: Classifier,
    fhirResources: readonly string[],
  ) {
    this.fhir = new Set(fhirResources);
  }

  /** The record a type annotation describes, if it describes one. */
  recordOf(annotation: TSESTree.TypeNode | undefined, context: { filePath: string; text: string; bindings: Bindings }, depth = 0): TypedRecord | undefined {
    if (!annotation || depth > 4) return undefined;
    switch (annotation.type) {
      case 'TSArrayType': {
        const element = this.recordOf(annotation.elementType, context, depth + 1);
        return element && { ...element, plural: true };
      }
      case 'TSUnionType':
      case 'TSIntersectionType':
        for (const member of annotation.types) {
          const record = this.recordOf(member, context, depth + 1);
          if (record) return record;
        }
        return undefined;
      case 'TSTypeReference': {
        const name = referenceName(annotation.typeName);
        const argument = annotation.typeArguments?.params[0];
        if (COLLECTION_GENERICS.has(name.last)) {
          const element = this.recordOf(argument, context, depth + 1);
          return element && { ...element, plural: true };
        }
        if (TRANSPARENT_GENERICS.has(name.last)) return this.recordOf(argument, context, depth + 1);
        return this.isPhiType(name, context) ? { typeName: name.last, plural: false } : undefined;
      }
      default:
        return undefined;
    }
  }

  private isPhiType(name: { first: string; last: string; qualified: boolean }, context: { filePath: string; text: string; bindings: Bindings }): boolean {
    const byName = this.classifier.classify(name.last);
    if (byName?.kind === 'record') return true;
    // `LabResult`, `Diagnosis`, `Prescription`: a type named after health information holds it,
    // whatever its fields are called (`testName`, `resultValue`).
    if (byName?.kind === 'field' && byName.dataType.category.id === HEALTH_INFORMATION) return true;
    const binding = context.bindings.moduleBinding(name.first);
    if (this.fhir.has(name.last) && (name.qualified || (binding?.kind === 'import' && /fhir/i.test(binding.module)))) return true;
    if (!binding) return this.typesIn(context.filePath, context.text).has(name.last);
    if (binding.kind === 'import' && binding.module.startsWith('.')) {
      const target = resolveModule(path.dirname(context.filePath), binding.module);
      const imported = binding.imported === 'default' || binding.imported === '*' ? name.last : binding.imported;
      return target !== undefined && this.typesIn(target).has(imported);
    }
    return false;
  }

  /** The PHI-bearing type names declared in a file (its current text when given). */
  private typesIn(file: string, text?: string): Set<string> {
    let mtimeMs = -1;
    if (text === undefined) {
      try {
        mtimeMs = fs.statSync(file).mtimeMs;
      } catch {
        return new Set();
      }
    }
    const cached = this.files.get(file);
    if (cached && text === undefined && cached.mtimeMs === mtimeMs) return cached.phiTypes;
    // The linted file's own text: scanned once per text, not once per typed name in it.
    if (text !== undefined && this.current?.file === file && this.current.text === text) return this.current.phiTypes;
    let source = text;
    if (source === undefined) {
      try {
        source = fs.readFileSync(file, 'utf8');
      } catch {
        return new Set();
      }
    }
    const phiTypes = new Set<string>();
    for (const declaration of scanDeclarations(source)) {
      if (declaration.fields.some((field) => this.fieldHoldsPhi(field, declaration.name))) phiTypes.add(declaration.name);
    }
    if (text === undefined) this.files.set(file, { mtimeMs, phiTypes });
    else this.current = { file, text, phiTypes };
    return phiTypes;
  }

  private fieldHoldsPhi(field: string, typeName: string): boolean {
    // `Clinic { name; phone }`: an organisation's contact details, not a person's.
    if (this.classifier.namesNonPersonOwner(typeName)) return false;
    // A field that is itself a record (`patient: PatientRow`) makes the type hold PHI too.
    const classification: Classification | undefined = this.classifier.classify(field, [typeName]);
    return classification !== undefined;
  }
}

function referenceName(name: TSESTree.EntityName): { first: string; last: string; qualified: boolean } {
  if (name.type === 'Identifier') return { first: name.name, last: name.name, qualified: false };
  if (name.type === 'TSQualifiedName') {
    const left = referenceName(name.left);
    return { first: left.first, last: name.right.name, qualified: true };
  }
  return { first: 'this', last: 'this', qualified: false };
}

export function resolveModule(fromDir: string, specifier: string): string | undefined {
  const base = path.resolve(fromDir, specifier.replace(/\.(js|mjs|cjs)$/, ''));
  for (const extension of SOURCE_EXTENSIONS) {
    const candidate = `${base}${extension}`;
    if (fs.existsSync(candidate)) return candidate;
  }
  return undefined;
}

/**
 * `interface X {...}`, `type X = {...}`, `class X {...}`: each declaration's name and the names of
 * its members at the top level of its body. Strings and comments are blanked first so that braces
 * inside them do not count.
 */
export function scanDeclarations(source: string): { name: string; fields: string[]; start: number }[] {
  const text = blankStringsAndComments(source);
  const declarations: { name: string; fields: string[]; start: number }[] = [];
  const head = /\b(?:interface|class)\s+([A-Za-z_$][\w$]*)[^{;]*\{|\btype\s+([A-Za-z_$][\w$]*)\s*(?:<[^=]*>)?\s*=\s*\{/g;
  for (let match = head.exec(text); match; match = head.exec(text)) {
    const name = match[1] ?? match[2];
    const bodyStart = head.lastIndex;
    let depth = 0;
    let index = bodyStart;
    let member = '';
    const fields: string[] = [];
    for (; index < text.length; index++) {
      const ch = text[index];
      if (ch === '{' || ch === '(' || ch === '[') depth++;
      else if (ch === '}' || ch === ')' || ch === ']') {
        if (depth === 0) break;
        depth--;
      } else if (depth === 0) {
        if (ch === ';' || ch === ',' || ch === '\n') {
          const field = /^\s*(?:@[\w.]+\s*)*(?:(?:public|private|protected|readonly|static|declare|override)\s+)*([A-Za-z_$][\w$]*)\s*[?!]?\s*[:=]/.exec(member);
          if (field) fields.push(field[1]);
          member = '';
          continue;
        }
        member += ch;
      }
    }
    const last = /^\s*(?:(?:public|private|protected|readonly|static|declare)\s+)*([A-Za-z_$][\w$]*)\s*[?!]?\s*[:=]/.exec(member);
    if (last) fields.push(last[1]);
    declarations.push({ name, fields, start: match.index });
    head.lastIndex = Math.max(head.lastIndex, index);
  }
  return declarations;
}

function blankStringsAndComments(source: string): string {
  return source.replace(/\/\*[\s\S]*?\*\/|\/\/[^\n]*|'(?:\\.|[^'\\\n])*'|"(?:\\.|[^"\\\n])*"|`(?:\\.|[^`\\])*`/g, (match) => match.replace(/[^\n]/g, ' '));
}
