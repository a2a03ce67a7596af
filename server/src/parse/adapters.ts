import type { ParseAdapter } from './documents';
import type { LanguageKind } from './languages';

/**
 * Parse adapters for the languages other than JavaScript (which parse/typescript.ts handles with
 * its own richer tree). An explicit registry, like the rule registry.
 */
const ADAPTERS: readonly ParseAdapter[] = [];

export function adapterFor(language: LanguageKind): ParseAdapter | undefined {
  return ADAPTERS.find((adapter) => adapter.language === language);
}
