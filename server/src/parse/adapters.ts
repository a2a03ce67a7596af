import { bicepAdapter } from './bicep';
import type { ParseAdapter } from './documents';
import type { LanguageKind } from './languages';
import { prismaAdapter } from './prisma';
import { sqlAdapter } from './sql';
import { terraformAdapter } from './terraform';
import { jsonAdapter, yamlAdapter } from './yaml';

/**
 * Parse adapters for the languages other than JavaScript (which parse/typescript.ts handles with
 * its own richer tree). An explicit registry, like the rule registry.
 */
const ADAPTERS: readonly ParseAdapter[] = [yamlAdapter, jsonAdapter, terraformAdapter, bicepAdapter, sqlAdapter, prismaAdapter];

export function adapterFor(language: LanguageKind): ParseAdapter | undefined {
  return ADAPTERS.find((adapter) => adapter.language === language);
}

/**
 * Loads what the adapters cannot load synchronously (the Terraform and Bicep grammars). Await it once per
 * process before linting: the server does before answering `initialize`, the tests in a root
 * hook. It never rejects; an adapter that failed to load reports a parse error per file.
 */
export async function prepareAdapters(): Promise<void> {
  await Promise.all(ADAPTERS.map((adapter) => adapter.prepare?.()));
}
