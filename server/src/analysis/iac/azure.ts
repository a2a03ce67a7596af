import { asString, resolvedValue, getValue, type IacDocument, type IacResource } from './model';

/**
 * What ARM templates and Bicep files share beyond property names: a resource's deployed name
 * and the child resources that configure it (a SQL server's `auditingSettings`), declared
 * nested in it, naming it as `parent`, or (ARM, older Bicep) named `<parent name>/<child>`.
 */

/** A resource's `name` once resolved (`acme-sql`), when it is known. */
export function azureNameOf(document: IacDocument, resource: IacResource): string | undefined {
  return asString(resolvedValue(document, getValue(resource.container, 'name')));
}

/** The resources of the given types that configure `parent`. */
export function childResources(document: IacDocument, parent: IacResource, types: readonly string[]): IacResource[] {
  const parentName = azureNameOf(document, parent);
  return document.scope.filter((candidate) => {
    if (candidate.mode !== 'resource' || !types.includes(candidate.type)) return false;
    if (candidate.parent) return candidate.parent === parent;
    const name = azureNameOf(document, candidate);
    return parentName !== undefined && name !== undefined && name.startsWith(`${parentName}/`);
  });
}
