import type { TSESTree } from '@typescript-eslint/types';
import { moduleMemberOf, requiredModule, type Bindings } from './bindings';
import { propertyName, unwrap } from './ast';

/**
 * What module export an expression reaches: `fs.promises.writeFile` with `import fs from 'fs'`
 * is `{ module: 'fs', path: ['promises', 'writeFile'] }`; `writeFile` imported from
 * 'node:fs/promises' is the same. The module is normalised: `node:` is dropped and the
 * sub-path modules of `fs` fold into it (`fs/promises` -> `fs` + `promises`).
 */
export interface ModulePath {
  module: string;
  path: string[];
}

/** Modules that are another module under a different name, or a part of it. */
const MODULE_ALIASES: Record<string, ModulePath> = {
  'fs/promises': { module: 'fs', path: ['promises'] },
  'fs-extra': { module: 'fs', path: [] },
  'graceful-fs': { module: 'fs', path: [] },
  'aws-sdk/clients/s3': { module: 'aws-sdk', path: ['S3'] },
  'crypto-js/md5': { module: 'crypto-js', path: ['MD5'] },
  'crypto-js/sha1': { module: 'crypto-js', path: ['SHA1'] },
  'crypto-js/sha224': { module: 'crypto-js', path: ['SHA224'] },
  'crypto-js/sha256': { module: 'crypto-js', path: ['SHA256'] },
  'crypto-js/sha384': { module: 'crypto-js', path: ['SHA384'] },
  'crypto-js/sha512': { module: 'crypto-js', path: ['SHA512'] },
  'crypto-js/sha3': { module: 'crypto-js', path: ['SHA3'] },
};

export function normalizeModule(specifier: string): ModulePath {
  const bare = specifier.startsWith('node:') ? specifier.slice('node:'.length) : specifier;
  const alias = MODULE_ALIASES[bare];
  return alias ? { module: alias.module, path: [...alias.path] } : { module: bare, path: [] };
}

/**
 * Resolves an expression to the module export it names, through imports, `require`, local
 * aliases (`const fsp = fs.promises`) and member chains. Undefined when it reaches no module.
 */
export function resolveModulePath(expression: TSESTree.Node, bindings: Bindings, depth = 0): ModulePath | undefined {
  if (depth > 6) return undefined;
  const node = unwrap(expression);
  switch (node.type) {
    case 'Identifier': {
      const binding = bindings.lookup(node);
      const member = moduleMemberOf(binding);
      if (member) {
        const base = normalizeModule(member.module);
        // A default or namespace import is the module object itself (with esModuleInterop).
        return member.member === '*' || member.member === 'default' ? base : { module: base.module, path: [...base.path, member.member] };
      }
      // `const fsp = fs.promises`, `const { promises } = fs`.
      if (binding?.kind === 'variable' && binding.init && !binding.elementOf) {
        const inner = resolveModulePath(binding.init, bindings, depth + 1);
        if (!inner) return undefined;
        return binding.property ? { module: inner.module, path: [...inner.path, binding.property] } : inner;
      }
      return undefined;
    }
    case 'MemberExpression': {
      const name = propertyName(node);
      if (name === undefined) return undefined;
      const object = resolveModulePath(node.object, bindings, depth + 1);
      return object ? { module: object.module, path: [...object.path, name] } : undefined;
    }
    case 'CallExpression': {
      const module = requiredModule(node);
      return module === undefined ? undefined : normalizeModule(module);
    }
    case 'AwaitExpression':
      // `await import('fs/promises')`
      if (node.argument.type === 'ImportExpression' && node.argument.source.type === 'Literal' && typeof node.argument.source.value === 'string') {
        return normalizeModule(node.argument.source.value);
      }
      return undefined;
    default:
      return undefined;
  }
}

/** Whether a resolved path is `module` + one of `paths` (each path dotted: `promises.writeFile`). */
export function isModulePath(resolved: ModulePath | undefined, module: string, paths: readonly string[]): boolean {
  return resolved !== undefined && resolved.module === module && paths.includes(resolved.path.join('.'));
}

/** The name an expression is read under, for messages and name checks: `this.s3` -> `s3`. */
export function lastName(expression: TSESTree.Node): string | undefined {
  const node = unwrap(expression);
  if (node.type === 'Identifier') return node.name;
  if (node.type === 'MemberExpression') return propertyName(node);
  return undefined;
}

/** The string a literal or an expression-free template literal holds. */
export function staticString(expression: TSESTree.Node): string | undefined {
  const node = unwrap(expression);
  if (node.type === 'Literal' && typeof node.value === 'string') return node.value;
  if (node.type === 'TemplateLiteral' && node.expressions.length === 0) return node.quasis[0].value.cooked ?? undefined;
  return undefined;
}

/**
 * Whether `reference` is one of the references of the variable bound at `binding`: the
 * identifiers in the file that resolve to the same binding, declaration excluded.
 */
export function referencesOf(identifier: TSESTree.Identifier, bindings: Bindings, all: readonly TSESTree.Identifier[]): TSESTree.Identifier[] {
  const binding = bindings.lookup(identifier);
  if (!binding) return [];
  return all.filter((candidate) => candidate !== binding.node && bindings.lookup(candidate) === binding);
}
