import type { DataType } from '../core/types';

/** "Social Security number, a HIPAA identifier". */
export function describeDataType(dataType: DataType): string {
  return `${dataType.label}, ${dataType.category.label}`;
}

/** Source text as inline code in a message, shortened so a message stays one readable line. */
export function quoteCode(text: string, max = 60): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  const shown = flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
  return `\`${shown}\``;
}
