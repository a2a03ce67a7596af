import { bundledControls } from '../catalog/controls';
import type { DataType } from '../core/types';
import { inventoryOf } from '../engine/inventory';
import type { Linter, LintOutput } from '../engine/linter';
import type { FileInventoryResult, InventoryDataType, ReportControlsResult } from '../protocol';

/** The rules/controls.yaml of a linter's catalog, with the titles and links of the references. */
export function reportControls(linter: Linter): ReportControlsResult {
  const references = linter.catalog.references;
  const data = bundledControls(new Set(references.keys()));
  return {
    controls: data.controls.map((control) => ({ id: control.id, name: control.name, title: references.get(control.id)?.title ?? control.id, url: references.get(control.id)?.url })),
    sinks: data.sinks,
    posture: data.posture.map((aspect) => ({ aspect: aspect.aspect, label: aspect.label })),
  };
}

/** A document's inventory (engine/inventory.ts) next to the findings of the same lint, in protocol terms. */
export function fileInventory(linter: Linter, filePath: string, text: string, output: LintOutput): FileInventoryResult {
  const posture = bundledControls(new Set(linter.catalog.references.keys())).posture;
  const inventory = inventoryOf(linter, filePath, text, output, posture);
  return {
    types: inventory.types.map((type) => ({ name: type.name, range: type.range, fields: type.fields.map((field) => ({ name: field.name, dataType: dataTypeOf(field.dataType) })) })),
    columns: inventory.columns.map((column) => ({ ...column, dataType: dataTypeOf(column.dataType) })),
    stores: inventory.stores,
    storeFindings: inventory.storeFindings,
    exceptions: (output.suppressed ?? []).map(({ finding, reason, directiveRange }) => ({
      ruleId: finding.ruleId,
      severity: finding.severity,
      message: finding.message,
      range: finding.range,
      dataTypes: finding.dataTypes.map(dataTypeOf),
      references: finding.references,
      ...(finding.sink !== undefined ? { sink: finding.sink } : {}),
      ...(reason !== undefined ? { reason } : {}),
      directiveRange,
    })),
  };
}

function dataTypeOf(type: DataType): InventoryDataType {
  return { id: type.id, label: type.label, category: type.category.label, group: type.category.group };
}
