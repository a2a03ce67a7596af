import { parse, TSError, type TSESTree } from '@typescript-eslint/typescript-estree';
import { visitorKeys } from '@typescript-eslint/visitor-keys';
import * as path from 'path';
import type { LineIndex } from '../core/lineIndex';
import type { ParseFailure, SourceComment } from './documents';

export type Node = TSESTree.Node;


export interface ParsedScript {
  ast: TSESTree.Program;
  comments: SourceComment[];
  /** Parent of each node, filled in one walk the first time a rule asks for it. */
  readonly parents: WeakMap<Node, Node>;
}


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
  const comments: SourceComment[] = (ast.comments ?? []).map((comment) => ({
    value: comment.value,
    start: comment.range[0],
    end: comment.range[1],
    range: lines.range(comment.range[0], comment.range[1]),
  }));
  let parents: WeakMap<Node, Node> | undefined;
  return {
    ast,
    comments,
    // Lazy: most files hold no sink, and their parse is all the work they need.
    get parents() {
      parents ??= linkParents(ast);
      return parents;
    },
  };
}


function linkParents(ast: TSESTree.Program): WeakMap<Node, Node> {
  const parents = new WeakMap<Node, Node>();
  const { nodes, parentIndex } = preorder(ast);
  for (let i = 1; i < nodes.length; i++) parents.set(nodes[i], nodes[parentIndex[i]]);
  return parents;
}

interface Preorder {
  /** Every node under the root, the root first, in source order. */
  nodes: Node[];
  /** For each node, the index just past its subtree: walks skip a subtree by jumping there. */
  ends: Int32Array;
  parentIndex: Int32Array;
}

/**
 * Several rules walk the same tree for every keystroke; flattening it once makes each further
 * walk a plain loop. Cached per root node, so a tree is flattened once for all its walkers.
 */
const preorders = new WeakMap<Node, Preorder>();

function preorder(root: Node): Preorder {
  let cached = preorders.get(root);
  if (cached) return cached;
  const nodes: Node[] = [];
  const parents: number[] = [];
  const stack: { node: Node; parent: number }[] = [{ node: root, parent: -1 }];
  const children: Node[] = [];
  while (stack.length > 0) {
    const { node, parent } = stack.pop()!;
    const index = nodes.length;
    nodes.push(node);
    parents.push(parent);
    children.length = 0;
    forEachChild(node, (child) => children.push(child));
    for (let i = children.length - 1; i >= 0; i--) stack.push({ node: children[i], parent: index });
  }
  // A node's subtree ends where the next node that is not its descendant starts.
  const ends = new Int32Array(nodes.length).fill(nodes.length);
  const parentIndex = Int32Array.from(parents);
  const open: number[] = [];
  for (let i = 0; i < nodes.length; i++) {
    while (open.length > 0 && open[open.length - 1] !== parentIndex[i]) ends[open.pop()!] = i;
    open.push(i);
  }
  cached = { nodes, ends, parentIndex };
  preorders.set(root, cached);
  return cached;
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
 */
export function walk(root: Node, enter: (node: Node) => boolean | void): void {
  const { nodes, ends } = preorder(root);
  for (let i = 0; i < nodes.length; ) {
    i = enter(nodes[i]) === false ? ends[i] : i + 1;
  }
}
