import type { BicepExpr, BicepFile, BicepResource } from '../../parse/bicep';
import { isLiteral } from '../../parse/treeSitterTrees';
import { literalValue, type IacDocument, type IacEntry, type IacMap, type IacResource, type IacValue } from './model';

/**
 * Reads a Bicep file (as parse/bicep.ts gives it) into the IaC model: resources by symbolic name
 * with their full type (a nested `blobServices` under `Microsoft.Storage/storageAccounts`) and
 * parent (nested, or named by `parent:`), parameters with their defaults, variables as locals.
 * References read as in Terraform: `storage.id` is a reference to `storage`, attribute `id`.
 */
export function readBicep(file: string, text: string, bicep: BicepFile): IacDocument {
  const document: IacDocument = { format: 'bicep', file, text, json: false, resources: [], scope: [], parameters: new Map(), locals: new Map() };
  for (const parameter of bicep.parameters) {
    document.parameters.set(parameter.name, {
      name: parameter.name,
      file,
      span: parameter.nameSpan,
      default: parameter.default ? toValue(parameter.default) : undefined,
      secret: parameter.secure,
      type: parameter.type,
    });
  }
  for (const variable of bicep.variables) document.locals.set(variable.name, { value: toValue(variable.value), file });
  const add = (declaration: BicepResource, parent: IacResource | undefined) => {
    const type = parent && !declaration.type.includes('/') ? `${parent.type}/${declaration.type}` : declaration.type;
    const container: IacMap = declaration.body ? (toValue(declaration.body) as IacMap) : { kind: 'map', entries: [], span: { start: declaration.end, end: declaration.end } };
    const properties = container.entries.find((entry) => entry.key === 'properties')?.value;
    const resource: IacResource = {
      format: 'bicep',
      file,
      mode: declaration.existing ? 'data' : 'resource',
      type,
      name: declaration.symbol,
      nameSpan: { start: declaration.symbolSpan.start, end: declaration.symbolSpan.end },
      span: { start: declaration.start, end: declaration.end },
      properties: properties?.kind === 'map' ? properties : undefined,
      container,
      parent,
    };
    document.resources.push(resource);
    for (const child of declaration.children) add(child, resource);
  };
  for (const declaration of bicep.resources) add(declaration, undefined);
  // `parent: server` names the parent of a resource declared at the top level.
  for (const resource of document.resources) {
    const parent = resource.container.entries.find((entry) => entry.key === 'parent')?.value;
    if (!resource.parent && parent?.kind === 'ref' && parent.attribute === undefined) resource.parent = document.resources.find((candidate) => candidate.name === parent.target);
  }
  document.scope = document.resources;
  return document;
}

function toValue(expr: BicepExpr): IacValue {
  const span = { start: expr.start, end: expr.end };
  if (isLiteral(expr)) return literalValue(expr);
  switch (expr.type) {
    case 'array':
      return { kind: 'list', items: expr.items.map(toValue), span };
    case 'object': {
      const entries: IacEntry[] = expr.entries.map((entry) => ({ key: entry.key, keySpan: { start: entry.keySpan.start, end: entry.keySpan.end }, value: toValue(entry.value), span: { start: entry.start, end: entry.end } }));
      return expr.spread ? { kind: 'map', entries, span, open: true } : { kind: 'map', entries, span };
    }
    case 'reference':
      return { kind: 'ref', target: expr.name, attribute: expr.path.length > 0 ? expr.path.join('.') : undefined, span };
    case 'call':
      return { kind: 'call', name: expr.name, args: expr.args.map(toValue), span };
    case 'other':
      return { kind: 'unknown', text: expr.text, refs: expr.refs.map((ref) => ({ target: ref.name, attribute: ref.path.length > 0 ? ref.path.join('.') : undefined })), span };
  }
}
