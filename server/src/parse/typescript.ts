import { parse, TSError, type TSESTree } from '@typescript-eslint/typescript-estree';
import { visitorKeys } from '@typescript-eslint/visitor-keys';
import * as path from 'path';
import type { LineIndex } from '../core/lineIndex';
import type { Range } from '../core/types';
import type { ParseFailure, SourceComment } from './documents';

export type Node = TSESTree.Node;


export interface ParsedScript {
  ast: TSESTree.Program;
  comments: SourceComment[];
  /** Parent of each node (the Program has none), linked in one walk the first time a rule asks. */
  readonly parents: ParentLookup;
}

/** How rules read a node's parent: `script.parents.get(node)`. */
export interface ParentLookup {
  get(node: Node): Node | undefined;
}

/**
 * Parents live on the nodes themselves (`node.parent`, as TSESTree types them and ESLint sets
 * them): a property read, where a WeakMap costs a hash lookup per node to fill and per step up.
 */
const PARENTS: ParentLookup = { get: (node) => (node as { parent?: Node }).parent };

/** Parses TypeScript or JavaScript (with JSX where the extension allows it) with exact positions. */
export function parseScript(filePath: string, text: string, lines: LineIndex): ParsedScript | ParseFailure {
  const extension = path.extname(filePath).toLowerCase();
  let ast: TSESTree.Program;
  try {
    ast = parse(text, {
      comment: true,
      range: true,
      loc: false,
      // .ts cannot hold JSX (`<T>x` is a cast there); .js files often do.
      jsx: extension !== '.ts' && extension !== '.mts' && extension !== '.cts',
      filePath,
      errorOnUnknownASTType: false,
      suppressDeprecatedPropertyWarnings: true,
    });
  } catch (error) {
    if (error instanceof TSError) return { message: error.message.split('\n')[0], offset: error.index };
    return { message: (error as Error).message.split('\n')[0], offset: 0 };
  }
  const comments: SourceComment[] = (ast.comments ?? []).map((comment) => new ScriptComment(comment.value, comment.range[0], comment.range[1], lines));
  let linked = false;
  return {
    ast,
    comments,
    // Lazy: most files hold no sink, and their parse is all the work they need.
    get parents() {
      if (!linked) {
        preorder(ast);
        linked = true;
      }
      return PARENTS;
    },
  };
}

/**
 * A comment whose line/character range is worked out when first read: files are full of doc
 * comments, and only the few that hold a directive ever need a position.
 */
class ScriptComment implements SourceComment {
  private cachedRange: Range | undefined;

  constructor(
    readonly value: string,
    readonly start: number,
    readonly end: number,
    private readonly lines: LineIndex,
  ) {}

  get range(): Range {
    this.cachedRange ??= this.lines.range(this.start, this.end);
    return this.cachedRange;
  }
}

interface Preorder {
  /** Every node under the root, the root first, in source order. */
  nodes: Node[];
  /** For each node, the index just past its subtree: walks skip a subtree by jumping there. */
  ends: Int32Array;
  /** Indexes of the nodes of each type, ascending: filled the first time a walk asks for types. */
  byType?: Map<string, number[]>;
  /** Indexes of the nodes of any of a set of types, ascending, per set (key: the types joined). */
  byTypes?: Map<string, Int32Array>;
}

/**
 * Several rules walk the same tree for every keystroke; flattening it once makes each further
 * walk a plain loop. Cached per root node, so a tree is flattened once for all its walkers.
 * Flattening also links every node below the root to its parent (`node.parent`).
 */
const preorders = new WeakMap<Node, Preorder>();

function preorder(root: Node): Preorder {
  let cached = preorders.get(root);
  if (cached) return cached;
  const nodes: Node[] = [];
  const parentIndex: number[] = [];
  // Two parallel stacks rather than one of {node, parent} objects: no allocation per node.
  const stack: Node[] = [root];
  const stackParents: number[] = [-1];
  while (stack.length > 0) {
    const node = stack.pop()!;
    const parent = stackParents.pop()!;
    const index = nodes.length;
    nodes.push(node);
    parentIndex.push(parent);
    if (parent !== -1) (node as { parent?: Node }).parent = nodes[parent];
    // Children are pushed last first, so that they come off the stack in source order.
    const keys = visitorKeys[node.type];
    if (!keys) continue;
    for (let k = keys.length - 1; k >= 0; k--) {
      const value = (node as unknown as Record<string, unknown>)[keys[k]];
      if (Array.isArray(value)) {
        for (let i = value.length - 1; i >= 0; i--) {
          const item = value[i] as Node | null;
          if (item && typeof item.type === 'string') {
            stack.push(item);
            stackParents.push(index);
          }
        }
      } else if (value && typeof (value as Node).type === 'string') {
        stack.push(value as Node);
        stackParents.push(index);
      }
    }
  }
  // A subtree ends where its last descendant's subtree ends: children come after their parent,
  // so one backward pass carries each end up to the parent.
  const ends = new Int32Array(nodes.length);
  for (let i = nodes.length - 1; i >= 0; i--) {
    if (ends[i] === 0) ends[i] = i + 1;
    const parent = parentIndex[i];
    if (parent !== -1 && ends[i] > ends[parent]) ends[parent] = ends[i];
  }
  cached = { nodes, ends };
  preorders.set(root, cached);
  return cached;
}

/** The preorder indexes of the nodes whose type is one of `types`, ascending. */
function indexesOfTypes(order: Preorder, types: readonly string[]): Int32Array {
  const key = types.join(',');
  order.byTypes ??= new Map();
  let indexes = order.byTypes.get(key);
  if (indexes) return indexes;
  if (!order.byType) {
    order.byType = new Map();
    const { nodes } = order;
    for (let i = 0; i < nodes.length; i++) {
      const list = order.byType.get(nodes[i].type);
      if (list) list.push(i);
      else order.byType.set(nodes[i].type, [i]);
    }
  }
  let total = 0;
  for (const type of types) total += order.byType.get(type)?.length ?? 0;
  indexes = new Int32Array(total);
  let at = 0;
  for (const type of types) for (const index of order.byType.get(type) ?? []) indexes[at++] = index;
  if (types.length > 1) indexes.sort();
  order.byTypes.set(key, indexes);
  return indexes;
}

/** Calls `visit` for each direct child node, in source order. */
export function forEachChild(node: Node, visit: (child: Node) => void): void {
  const keys = visitorKeys[node.type] ?? [];
  for (const key of keys) {
    const value = (node as unknown as Record<string, unknown>)[key];
    if (Array.isArray(value)) {
      for (const item of value) if (item && typeof (item as Node).type === 'string') visit(item as Node);
    } else if (value && typeof (value as Node).type === 'string') {
      visit(value as Node);
    }
  }
}

/**
 * Depth-first walk in source order. Return false from `enter` to skip a node's children.
 * Iterative (deeply nested input cannot overflow the stack) and over a flattened tree shared by
 * every walk of the same root.
 *
 * With `types`, only nodes of those types are visited (still in source order, and false still
 * skips everything under the node): the same as a walk whose `enter` ignores other nodes, without
 * calling it on every node of the tree. Walkers that look at a few node types should pass them.
 */
export function walk(root: Node, enter: (node: Node) => boolean | void, types?: readonly string[]): void {
  const order = preorder(root);
  const { nodes, ends } = order;
  if (!types) {
    for (let i = 0; i < nodes.length; ) {
      i = enter(nodes[i]) === false ? ends[i] : i + 1;
    }
    return;
  }
  const indexes = indexesOfTypes(order, types);
  let skipUntil = 0;
  for (let k = 0; k < indexes.length; k++) {
    const index = indexes[k];
    if (index < skipUntil) continue;
    if (enter(nodes[index]) === false) skipUntil = ends[index];
  }
}
