import * as path from 'path';
import { bundledIacCatalog } from '../analysis/iac/catalog';
import type { IacDocument, IacFormat } from '../analysis/iac/model';
import { PurposeAnnotations, type PurposeAnnotation } from '../analysis/schema/annotations';
import { columnKey, declaredColumns, emptySchemaFile, tableKey, type Column, type SchemaComment, type SchemaFile } from '../analysis/schema/columns';
import { readScriptSchema, SCRIPT_SCHEMA_MARKERS } from '../analysis/schema/jsSchemaReader';
import { readPrismaSchema } from '../analysis/schema/prismaReader';
import { readSqlSchema } from '../analysis/schema/sqlReader';
import { scanDeclarations } from '../analysis/typeIndex';
import type { PostureAspectData } from '../catalog/controls';
import { LineIndex } from '../core/lineIndex';
import type { DataType, Range } from '../core/types';
import { adapterFor } from '../parse/adapters';
import { isParseFailure, type ParsedDocument } from '../parse/documents';
import { languageOf } from '../parse/languages';
import type { PrismaSchema } from '../parse/prisma';
import type { SqlScript } from '../parse/sql';
import { parseScript } from '../parse/typescript';
import { classifyColumn, purposeOf } from '../rules/phi-column-needs-purpose';
import { iacDocumentOf, mayBeInfrastructure, phiStoresFor } from '../rules/iacRule';
import type { DocumentContext } from '../rules/rule';
import type { Linter, LintOutput } from './linter';

/**
 * What a file declares about personal data, for the audit report's data map: types whose fields
 * hold PHI, schema columns that hold it (with their stated purpose), IaC resources that store it
 * (with the aspects of their posture phi-lint checks), and the findings its directives suppress.
 * Read with the same classifier, schema readers and PHI-store vocabulary the rules use, next to
 * the lint output of the same text, so the inventory and the findings come from one scan.
 */
export interface FileInventory {
  types: DeclaredPhiType[];
  columns: PhiColumn[];
  stores: PhiStore[];
  /** IaC findings (kept and suppressed) by the resource they judge: a store's posture follows from them. */
  storeFindings: StoreFinding[];
}

export interface DeclaredPhiType {
  name: string;
  range: Range;
  /** The fields that hold personal data, with their data type. */
  fields: { name: string; dataType: DataType }[];
}

export interface PhiColumn {
  table: string;
  name: string;
  dataType: DataType;
  purpose: PurposeAnnotation;
  range: Range;
}

export interface PhiStore {
  /** The CloudFormation logical id; Terraform `aws_s3_bucket.patient_records`. */
  name: string;
  type: string;
  format: IacFormat;
  /** Why it is a PHI store: "tagged `DataClassification: PHI`". */
  reason?: string;
  range: Range;
  /** Where its findings can be: the template, or a Terraform module's folder. */
  scope: string;
  /** Posture aspects (rules/controls.yaml) some check judges for a resource of this type. */
  checkedAspects: string[];
}

export interface StoreFinding {
  scope: string;
  resource: string;
  check: string;
  ruleId: string;
  /** Posture aspects the check belongs to. */
  aspects: string[];
  range: Range;
  suppressed: boolean;
}

/** The inventory of one file. `output`: the linter's output for the same text. */
export function inventoryOf(linter: Linter, filePath: string, text: string, output: LintOutput, posture: readonly PostureAspectData[]): FileInventory {
  const inventory: FileInventory = { types: [], columns: [], stores: [], storeFindings: [] };
  const language = languageOf(filePath);
  if (!language || !output.parsed) return inventory;
  const lines = new LineIndex(text);
  if (language === 'javascript') {
    inventory.types = declaredTypes(linter, text, lines);
    if (SCRIPT_SCHEMA_MARKERS.test(text)) {
      const script = parseScript(filePath, text, lines);
      if (!isParseFailure(script)) {
        const file = emptySchemaFile();
        readScriptSchema(script, text, file);
        inventory.columns = phiColumns(linter, file, script.comments, lines);
      }
    }
    return inventory;
  }
  if (language !== 'sql' && language !== 'prisma' && !mayBeInfrastructure(text, language)) return inventory;
  const parsed = adapterFor(language)?.parse(filePath, text, lines);
  if (!parsed || isParseFailure(parsed)) return inventory;
  if (language === 'sql' || language === 'prisma') {
    const file = emptySchemaFile();
    if (language === 'sql') readSqlSchema(parsed.tree as SqlScript, { offset: 0, commentLeader: '--' }, file);
    else readPrismaSchema(parsed.tree as PrismaSchema, file);
    inventory.columns = phiColumns(linter, file, parsed.comments, lines);
    return inventory;
  }
  const document = iacDocument(filePath, text, parsed);
  if (document) {
    inventory.stores = phiStoresIn(document, lines, posture);
    inventory.storeFindings = storeFindings(document, output, posture);
  }
  return inventory;
}

function declaredTypes(linter: Linter, text: string, lines: LineIndex): DeclaredPhiType[] {
  const types: DeclaredPhiType[] = [];
  for (const declaration of scanDeclarations(text)) {
    const fields: DeclaredPhiType['fields'] = [];
    for (const field of declaration.fields) {
      const classification = linter.classifier.classify(field, [declaration.name]);
      if (classification) fields.push({ name: field, dataType: classification.dataType });
    }
    if (fields.length === 0) continue;
    const nameAt = text.indexOf(declaration.name, declaration.start);
    types.push({ name: declaration.name, range: lines.range(nameAt, nameAt + declaration.name.length), fields });
  }
  return types;
}

/** Columns whose name classifies as personal data, read in their table, as the schema rule reads them. */
function phiColumns(linter: Linter, file: SchemaFile, comments: readonly SchemaComment[], lines: LineIndex): PhiColumn[] {
  const annotations = new PurposeAnnotations(lines, [...comments, ...file.embeddedComments]);
  const commentedApart = new Map(file.columnComments.map((entry) => [`${tableKey(entry.table)}\u0000${columnKey(entry.column)}`, entry.text]));
  const columns: PhiColumn[] = [];
  for (const column of declaredColumns(file)) {
    const classification = classifyColumn(linter.classifier, column);
    if (!classification) continue;
    columns.push({
      table: column.table,
      name: column.name,
      dataType: classification.dataType,
      purpose: purposeOf(column, annotations, commentedApart),
      range: lines.range(column.nameStart, column.nameEnd),
    });
  }
  return columns;
}

/** The model the IaC rules read, whatever the format: only the parsed tree, path and text are needed. */
function iacDocument(filePath: string, text: string, parsed: ParsedDocument): IacDocument | undefined {
  return iacDocumentOf({ document: parsed, filePath, text } as DocumentContext);
}

/** A Terraform module's resources see each other across its files; a template's only within it. */
function scopeOf(document: IacDocument): string {
  return document.format === 'terraform' ? path.dirname(document.file) : document.file;
}

function phiStoresIn(document: IacDocument, lines: LineIndex, posture: readonly PostureAspectData[]): PhiStore[] {
  const catalog = bundledIacCatalog();
  const assessor = phiStoresFor(catalog);
  const typesOfCheck = (entry: PostureAspectData['checks'][number]): string[] =>
    entry.types ?? catalog.checks.find((check) => check.id === entry.check)?.targets?.flatMap((target) => target.types) ?? [];
  const stores: PhiStore[] = [];
  for (const resource of document.resources) {
    if (resource.mode !== 'resource') continue;
    const assessment = assessor.assess(document, resource);
    if (!assessment.phi) continue;
    stores.push({
      name: resource.name,
      type: resource.type,
      format: resource.format,
      reason: assessment.reason,
      range: lines.range(resource.nameSpan.start, resource.nameSpan.end),
      scope: scopeOf(document),
      checkedAspects: posture.filter((aspect) => aspect.checks.some((entry) => typesOfCheck(entry).includes(resource.type))).map((aspect) => aspect.aspect),
    });
  }
  return stores;
}

function storeFindings(document: IacDocument, output: LintOutput, posture: readonly PostureAspectData[]): StoreFinding[] {
  const scope = scopeOf(document);
  const aspectsOf = (check: string) => posture.filter((aspect) => aspect.checks.some((entry) => entry.check === check)).map((aspect) => aspect.aspect);
  const all = [...output.findings.map((finding) => ({ finding, suppressed: false })), ...(output.suppressed ?? []).map((entry) => ({ finding: entry.finding, suppressed: true }))];
  return all
    .filter(({ finding }) => finding.iac !== undefined)
    .map(({ finding, suppressed }) => ({
      scope,
      resource: finding.iac!.resource,
      check: finding.iac!.check,
      ruleId: finding.ruleId,
      aspects: aspectsOf(finding.iac!.check),
      range: finding.range,
      suppressed,
    }));
}
