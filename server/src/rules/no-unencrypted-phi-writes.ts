import type { TSESTree } from '@typescript-eslint/types';
import { propertyName, unwrap } from '../analysis/ast';
import { isModulePath, resolveModulePath } from '../analysis/moduleReference';
import { localFunction, type FunctionNode, type PhiHit } from '../analysis/phiValues';
import { normalizedTokens } from '../analysis/tokenize';
import type { Fix, TextEdit } from '../core/types';
import { ScriptFixer } from '../fixes/scriptFixes';
import { walk } from '../parse/typescript';
import { dataTypesOf, describeHits, flowOf, suppressionFix, uniqueHits } from './hitReport';
import { quoteCode } from './messages';
import type { Rule, ScriptContext } from './rule';

const RULE_ID = 'no-unencrypted-phi-writes';

/** fs (and fs-extra) functions that write their data argument to a file: name -> data position. */
const FS_WRITES: Record<string, number> = {
  writeFile: 1,
  writeFileSync: 1,
  appendFile: 1,
  appendFileSync: 1,
  write: 1,
  writeSync: 1,
  // fs-extra
  outputFile: 1,
  outputFileSync: 1,
  writeJson: 1,
  writeJSON: 1,
  writeJsonSync: 1,
  writeJSONSync: 1,
  outputJson: 1,
  outputJSON: 1,
  outputJsonSync: 1,
  outputJSONSync: 1,
};
/** Methods of a file write stream that write their first argument. */
const STREAM_WRITES = new Set(['write', 'end']);
const S3_V3_COMMANDS = ['PutObjectCommand', 'CreateMultipartUploadCommand'];
const S3_V2_METHODS = new Set(['putObject', 'upload', 'createMultipartUpload']);
/** Any of these in the request means the caller chose the encryption: SSE-KMS, SSE-S3 or SSE-C. */
const ENCRYPTION_PARAMS = new Set(['ServerSideEncryption', 'SSECustomerKey', 'SSECustomerAlgorithm']);
const SSE_PROPERTY = 'ServerSideEncryption';
const SSE_VALUE = 'aws:kms';

/** Words that make a bucket or key a PHI store on their own, whatever follows them. */
const STORE_WORDS = new Set(['phi', 'ephi', 'ehr', 'emr', 'fhir', 'hl7', 'medical', 'clinical', 'hipaa']);
/**
 * Words that may follow a PHI name in a bucket or key and keep it a store of that data:
 * `acme-patient-records-prod`, `INTAKE_BUCKET`, `${patientId}/...`. Anything else turns it into
 * something else (`patient-portal-assets`, `email-templates`).
 */
const STORE_SUFFIXES = new Set(
  [
    'id', 'uuid', 'bucket', 'store', 'storage', 'archive', 'backup', 'export', 'upload', 'file', 'document', 'doc',
    'attachment', 'image', 'scan', 'report', 'pdf', 'prod', 'production', 'dev', 'development', 'staging', 'stage', 'qa',
    'uat', 'test', 'sandbox', 'us', 'eu', 'east', 'west', 'north', 'south', 'central', 'name', 'arn', 'key', 'prefix',
    'path', 'dir', 'folder', 'bucket name', 'json', 'csv', 'ndjson', 'xml', 'txt', 'zip', 'gz', 'parquet',
  ].flatMap((word) => normalizedTokens(word)),
);

const MENTIONS = /\b(?:writeFile|writeFileSync|appendFile|appendFileSync|writeSync|createWriteStream|outputFile|outputFileSync|writeJson|writeJSON|writeJsonSync|outputJson|outputJSON|PutObjectCommand|CreateMultipartUploadCommand|putObject|createMultipartUpload|upload|Upload)\b/;

/**
 * Flags PHI written where encryption at rest is not in the code's hands: files written with fs
 * (and fs-extra, write streams), and S3 uploads (SDK v2 and v3) that do not ask for
 * server-side encryption.
 */
export const noUnencryptedPhiWrites: Rule = {
  meta: {
    id: RULE_ID,
    description: 'Protected health information must not be written to files or object storage without encryption at rest.',
    defaultSeverity: 'error',
    category: 'storage',
    languages: ['javascript'],
    references: ['HIPAA-164.312(a)(2)(iv)', 'CPRA-1798.150', 'CPRA-1798.81.5', 'CWE-312'].map((id) => ({ id, title: id })),
    fixable: true,
  },

  mayApply(text) {
    return MENTIONS.test(text);
  },

  check(context) {
    if (context.language !== 'javascript') return;
    const fixer = new ScriptFixer(context.text, context.lines, context.script, context.bindings);
    const phiFiles: PhiFile[] = [];
    const uploads: (() => void)[] = [];
    const inHelpers: { call: TSESTree.CallExpression; sinkNode: TSESTree.Node; data: TSESTree.Node; fn: FunctionNode }[] = [];
    walk(context.script.ast, (node) => {
      if (node.type === 'CallExpression') {
        const write = fileWrite(context, node);
        if (write) {
          const hits = checkFileWrite(context, fixer, node, write.sinkNode, write.data);
          const file = node.arguments[0];
          if (hits.length > 0 && file && file.type !== 'SpreadElement' && write.sinkNode === node.callee && !isStreamWrite(node)) phiFiles.push({ path: file, call: node, hits });
          // `function saveJson(file, data) { fs.writeFileSync(file, JSON.stringify(data)) }`: judged per call.
          const fn = hits.length === 0 ? context.bindings.enclosingFunction(node) : undefined;
          if (fn && fn.params.length > 0) inHelpers.push({ call: node, sinkNode: write.sinkNode, data: write.data, fn });
        }
        const params = s3V2Params(context, node);
        if (params) uploads.push(() => checkS3Params(context, fixer, node.callee, params, phiFiles));
      } else if (node.type === 'NewExpression') {
        const params = s3V3Params(context, node);
        if (params) uploads.push(() => checkS3Params(context, fixer, node.callee, params, phiFiles, node));
      }
    }, ['CallExpression', 'NewExpression']);
    if (inHelpers.length > 0) checkHelperCalls(context, fixer, inHelpers);
    // After the walk: an upload may read back a file this module wrote PHI to.
    for (const upload of uploads) upload();
  },
};

/** Calls of local helpers that write a parameter to a file, judged with each call's arguments in place. */
function checkHelperCalls(context: ScriptContext, fixer: ScriptFixer, inHelpers: { call: TSESTree.CallExpression; sinkNode: TSESTree.Node; data: TSESTree.Node; fn: FunctionNode }[]): void {
  const functions = new Set(inHelpers.map((entry) => entry.fn));
  walk(context.script.ast, (node) => {
    if (node.type !== 'CallExpression' || node.callee.type !== 'Identifier') return;
    const fn = localFunction(context.bindings, node.callee);
    if (!fn || !functions.has(fn)) return;
    for (const write of inHelpers.filter((entry) => entry.fn === fn)) {
      const found = context.phiValues.withArguments(fn, node, () => context.phiValues.find(write.data));
      const hits = uniqueHits(found.filter((hit) => hit.origin && node.arguments.includes(hit.origin.node as TSESTree.CallExpressionArgument)).map((hit) => ({ ...hit, node: hit.origin!.node, origin: undefined })));
      if (hits.length === 0) continue;
      const helper = `${context.textOf(node.callee)}()`;
      context.report({
        range: context.rangeOf(node),
        message:
          `\`${helper}\` writes ${describeHits(context, hits)} to a file in cleartext, through \`${context.textOf(write.sinkNode)}\`: local disks, container volumes, temp folders and the backups made of them sit outside the encryption and access controls of your PHI stores. ` +
          'Encrypt the data before writing it (envelope encryption with a KMS data key, for example), or keep it in an encrypted store.',
        dataTypes: dataTypesOf(hits),
        flow: [{ range: context.rangeOf(write.sinkNode), message: `\`${context.textOf(write.sinkNode)}\` inside \`${helper}\` writes it here` }],
        fixes: suppressionFix(fixer, node, RULE_ID),
      });
    }
  }, ['CallExpression']);
}

/** A file this module writes PHI to: an upload that reads it back uploads PHI. */
interface PhiFile {
  path: TSESTree.Node;
  call: TSESTree.CallExpression;
  hits: PhiHit[];
}

function isStreamWrite(call: TSESTree.CallExpression): boolean {
  const callee = unwrap(call.callee);
  return callee.type === 'MemberExpression' && STREAM_WRITES.has(propertyName(callee) ?? '');
}

// ---------------------------------------------------------------------------------------------
// Files

/** `fs.writeFile(path, data)`, `writeFile(path, data)` from fs/promises, `stream.write(data)`. */
function fileWrite(context: ScriptContext, call: TSESTree.CallExpression): { sinkNode: TSESTree.Node; data: TSESTree.Node } | undefined {
  const resolved = resolveModulePath(call.callee, context.bindings);
  if (resolved?.module === 'fs') {
    const path = resolved.path;
    const name = path[path.length - 1];
    const dataIndex = FS_WRITES[name];
    const shapeOk = path.length === 1 || (path.length === 2 && path[0] === 'promises');
    if (dataIndex !== undefined && shapeOk) {
      const data = call.arguments[dataIndex];
      return data && data.type !== 'SpreadElement' ? { sinkNode: call.callee, data } : undefined;
    }
    return undefined;
  }
  const callee = unwrap(call.callee);
  if (callee.type !== 'MemberExpression') return undefined;
  const method = propertyName(callee);
  if (!method || !STREAM_WRITES.has(method) || !isFileWriteStream(context, callee.object, 0)) return undefined;
  const data = call.arguments[0];
  return data && data.type !== 'SpreadElement' ? { sinkNode: call.callee, data } : undefined;
}

/** `fs.createWriteStream(file)`, directly or through the variable that holds it. */
function isFileWriteStream(context: ScriptContext, expression: TSESTree.Node, depth: number): boolean {
  if (depth > 3) return false;
  const node = unwrap(expression);
  if (node.type === 'CallExpression') return isModulePath(resolveModulePath(node.callee, context.bindings), 'fs', ['createWriteStream']);
  if (node.type === 'Identifier') {
    const binding = context.bindings.lookup(node);
    return binding?.kind === 'variable' && !binding.property && !binding.elementOf && binding.init !== undefined && isFileWriteStream(context, binding.init, depth + 1);
  }
  return false;
}

function checkFileWrite(context: ScriptContext, fixer: ScriptFixer, call: TSESTree.CallExpression, sinkNode: TSESTree.Node, data: TSESTree.Node): PhiHit[] {
  const hits = uniqueHits(context.phiValues.find(data));
  if (hits.length === 0) return hits;
  const sink = context.textOf(sinkNode);
  context.report({
    range: context.rangeOf(sinkNode),
    message:
      `\`${sink}\` writes ${describeHits(context, hits)} to a file in cleartext: local disks, container volumes, temp folders and the backups made of them sit outside the encryption and access controls of your PHI stores. ` +
      'Encrypt the data before writing it (envelope encryption with a KMS data key, for example), or keep it in an encrypted store.',
    dataTypes: dataTypesOf(hits),
    flow: flowOf(context, hits),
    fixes: suppressionFix(fixer, call, RULE_ID),
  });
  return hits;
}

// ---------------------------------------------------------------------------------------------
// S3

interface S3Params {
  /** The request's object literal, possibly declared elsewhere (`const params = {...}`). */
  object: TSESTree.ObjectExpression;
}

/** `new PutObjectCommand({...})`, `new CreateMultipartUploadCommand({...})`, `new Upload({ params: {...} })`. */
function s3V3Params(context: ScriptContext, node: TSESTree.NewExpression): S3Params | undefined {
  const resolved = resolveModulePath(node.callee, context.bindings);
  const callee = unwrap(node.callee);
  const unbound = callee.type === 'Identifier' && !context.bindings.lookup(callee) ? callee.name : undefined;
  const argument = node.arguments[0];
  if (!argument || argument.type === 'SpreadElement') return undefined;
  if (isModulePath(resolved, '@aws-sdk/client-s3', S3_V3_COMMANDS) || (unbound !== undefined && S3_V3_COMMANDS.includes(unbound))) {
    const object = objectLiteralOf(context, argument);
    return object ? { object } : undefined;
  }
  if (isModulePath(resolved, '@aws-sdk/lib-storage', ['Upload'])) {
    const options = objectLiteralOf(context, argument);
    const params = options && propertyOf(options, 'params');
    const object = params && objectLiteralOf(context, params.value);
    return object ? { object } : undefined;
  }
  return undefined;
}

/** `s3.putObject({...})`, `s3.upload({...})` on an SDK v2 client (or the v3 aggregated `S3`). */
function s3V2Params(context: ScriptContext, call: TSESTree.CallExpression): S3Params | undefined {
  const callee = unwrap(call.callee);
  if (callee.type !== 'MemberExpression') return undefined;
  const method = propertyName(callee);
  if (!method || !S3_V2_METHODS.has(method)) return undefined;
  if (!isS3Client(context, callee.object)) return undefined;
  const argument = call.arguments[0];
  if (!argument || argument.type === 'SpreadElement') return undefined;
  const object = objectLiteralOf(context, argument);
  // An S3 request names its bucket; a wrapper's own `upload(file)` does not.
  return object && propertyOf(object, 'Bucket') ? { object } : undefined;
}

/** A receiver named like an S3 client (`s3`, `this.s3Client`), or built with `new AWS.S3()` / `new S3()`. */
function isS3Client(context: ScriptContext, expression: TSESTree.Node): boolean {
  const node = unwrap(expression);
  const name = node.type === 'Identifier' ? node.name : node.type === 'MemberExpression' ? propertyName(node) : undefined;
  if (name && /(^|[^A-Za-z0-9])[sS]3(?![0-9])|[a-z0-9]S3(?![0-9])/.test(name)) return true;
  if (node.type === 'NewExpression') return isS3Constructor(context, node.callee);
  if (node.type === 'Identifier') {
    const binding = context.bindings.lookup(node);
    if (binding?.kind === 'variable' && binding.init && !binding.property) {
      const init = unwrap(binding.init);
      return init.type === 'NewExpression' && isS3Constructor(context, init.callee);
    }
  }
  return false;
}

function isS3Constructor(context: ScriptContext, callee: TSESTree.Node): boolean {
  const resolved = resolveModulePath(callee, context.bindings);
  if (isModulePath(resolved, 'aws-sdk', ['S3']) || isModulePath(resolved, '@aws-sdk/client-s3', ['S3'])) return true;
  // `new AWS.S3()` where AWS is a global (a Lambda layer, a script tag).
  const node = unwrap(callee);
  return node.type === 'MemberExpression' && propertyName(node) === 'S3' && node.object.type === 'Identifier' && node.object.name === 'AWS' && !context.bindings.lookup(node.object);
}

function checkS3Params(context: ScriptContext, fixer: ScriptFixer, callee: TSESTree.Node, params: S3Params, phiFiles: readonly PhiFile[], newExpression?: TSESTree.NewExpression): void {
  const { object } = params;
  // A spread may carry the encryption settings (shared defaults): we cannot tell, so stay silent.
  if (object.properties.some((property) => property.type === 'SpreadElement')) return;
  const keys = new Map<string, TSESTree.Property>();
  for (const property of object.properties) {
    if (property.type !== 'Property') continue;
    const key = keyName(property);
    if (key !== undefined) keys.set(key, property);
  }
  if ([...keys.keys()].some((key) => ENCRYPTION_PARAMS.has(key))) return;
  const body = keys.get('Body');
  const bodyHits = body ? uniqueHits(context.phiValues.find(body.value)) : [];
  const readBack = bodyHits.length === 0 && body ? phiFileRead(context, body.value, phiFiles) : undefined;
  const hits = readBack ? readBack.hits : bodyHits;
  const store = hits.length === 0 ? phiStoreName(context, keys.get('Bucket')?.value, 'bucket') ?? phiStoreName(context, keys.get('Key')?.value, 'key') : undefined;
  if (hits.length === 0 && !store) return;
  // `new PutObjectCommand`: the squiggle goes on the command; `s3.putObject`: on the method.
  const sinkRange = newExpression ? context.lines.range(newExpression.range[0], callee.range[1]) : context.rangeOf(callee);
  const sink = newExpression ? `new ${context.textOf(callee)}` : context.textOf(callee);
  const what = readBack
    ? `the file ${quoteCode(context.textOf(readBack.path))} to S3, which line ${context.lines.positionAt(readBack.call.range[0]).line + 1} fills with ${describeHits(context, hits)},`
    : hits.length > 0
      ? `${describeHits(context, hits)} to S3`
      : `to ${storeText(context, store!)}, a ${store!.part} whose name says it holds PHI,`;
  const message =
    `\`${sink}\` writes ${what} without \`ServerSideEncryption\`: the object is then encrypted only as the bucket's default says (SSE-S3 with an AWS-owned key unless the bucket is set up otherwise), with no key you control, scope or audit. ` +
    `Add \`${SSE_PROPERTY}: '${SSE_VALUE}'\` (with \`SSEKMSKeyId\` for a customer managed key).`;
  const quote = quoteOf(context, object);
  const fixes: Fix[] = [
    { title: `Add ${SSE_PROPERTY}: ${quote}${SSE_VALUE}${quote}`, edits: addPropertyEdits(context, object, `${SSE_PROPERTY}: ${quote}${SSE_VALUE}${quote}`), safe: true },
    ...suppressionFix(fixer, newExpression ?? callee, RULE_ID),
  ];
  context.report({ range: sinkRange, message, dataTypes: dataTypesOf(hits), flow: flowOf(context, hits), fixes });
}

/** `fs.createReadStream(outFile)`, `fs.readFileSync(outFile)`, `await readFile(outFile)` of a file written with PHI above. */
function phiFileRead(context: ScriptContext, body: TSESTree.Node, phiFiles: readonly PhiFile[]): PhiFile | undefined {
  const node = unwrap(body.type === 'AwaitExpression' ? body.argument : body);
  if (node.type !== 'CallExpression' || !node.arguments[0] || node.arguments[0].type === 'SpreadElement') return undefined;
  const resolved = resolveModulePath(node.callee, context.bindings);
  if (!isModulePath(resolved, 'fs', ['createReadStream', 'readFileSync', 'readFile', 'promises.readFile'])) return undefined;
  const path = node.arguments[0];
  return phiFiles.find((file) => samePath(context, file.path, path));
}

/** The same variable, or the same expression text (`path.join(dir, name)` written twice). */
function samePath(context: ScriptContext, a: TSESTree.Node, b: TSESTree.Node): boolean {
  const left = unwrap(a);
  const right = unwrap(b);
  if (left.type === 'Identifier' && right.type === 'Identifier') {
    const binding = context.bindings.lookup(left);
    return binding !== undefined ? binding === context.bindings.lookup(right) : left.name === right.name;
  }
  return context.textOf(left).replace(/\s+/g, '') === context.textOf(right).replace(/\s+/g, '');
}

/** The object literal an argument is, or the one a `const` it names was initialised with. */
function objectLiteralOf(context: ScriptContext, expression: TSESTree.Node): TSESTree.ObjectExpression | undefined {
  const node = unwrap(expression);
  if (node.type === 'ObjectExpression') return node;
  if (node.type === 'Identifier') {
    const binding = context.bindings.lookup(node);
    if (binding?.kind !== 'variable' || !binding.init || binding.property || binding.elementOf || binding.reassigned) return undefined;
    const init = unwrap(binding.init);
    return init.type === 'ObjectExpression' ? init : undefined;
  }
  return undefined;
}

function propertyOf(object: TSESTree.ObjectExpression, name: string): TSESTree.Property | undefined {
  return object.properties.find((property): property is TSESTree.Property => property.type === 'Property' && keyName(property) === name);
}

function keyName(property: TSESTree.Property): string | undefined {
  if (!property.computed && property.key.type === 'Identifier') return property.key.name;
  if (property.key.type === 'Literal' && typeof property.key.value === 'string') return property.key.value;
  return undefined;
}

interface StoreName {
  node: TSESTree.Node;
  /** The text that named the store: the bucket itself, or the constant it was read from. */
  piece: string;
  part: 'bucket' | 'key';
}

/**
 * Whether a bucket or key names a PHI store: `acme-patient-records-prod`, `PHI_BUCKET`,
 * `` `intake/${id}.json` ``, `` `${patientId}/labs.pdf` ``. Follows constants one step.
 */
function phiStoreName(context: ScriptContext, value: TSESTree.Node | undefined, part: StoreName['part']): StoreName | undefined {
  if (!value) return undefined;
  const pieces: string[] = [];
  collectNamePieces(context, value, pieces, 0);
  const suffixes = new Set([...STORE_SUFFIXES, ...context.catalog.taxonomy.recordSuffixes.flatMap((word) => normalizedTokens(word))]);
  for (const piece of pieces) {
    for (const segment of piece.split(/[/.:]+/)) {
      if (segmentNamesPhiStore(context, normalizedTokens(segment), suffixes)) return { node: value, piece, part };
    }
  }
  return undefined;
}

/** "`CLAIMS_BUCKET` (`acme-phi-claims`)", or the value alone when it is the name. */
function storeText(context: ScriptContext, store: StoreName): string {
  const written = context.textOf(store.node);
  const shown = quoteCode(written);
  return written.includes(store.piece) ? shown : `${shown} (${quoteCode(store.piece)})`;
}

function segmentNamesPhiStore(context: ScriptContext, tokens: string[], suffixes: ReadonlySet<string>): boolean {
  if (tokens.some((token) => STORE_WORDS.has(token))) return true;
  for (let start = 0; start < tokens.length; start++) {
    for (let length = Math.min(3, tokens.length - start); length >= 1; length--) {
      const classification = context.classifier.classify(tokens.slice(start, start + length).join(' '));
      if (!classification || (classification.kind !== 'record' && classification.dataType.category.group !== 'phi')) continue;
      if (tokens.slice(start + length).every((token) => suffixes.has(token) || /^\d+$/.test(token))) return true;
    }
  }
  return false;
}

function collectNamePieces(context: ScriptContext, expression: TSESTree.Node, pieces: string[], depth: number): void {
  if (depth > 3) return;
  const node = unwrap(expression);
  switch (node.type) {
    case 'Literal':
      if (typeof node.value === 'string') pieces.push(node.value);
      return;
    case 'TemplateLiteral':
      for (const quasi of node.quasis) if (quasi.value.cooked) pieces.push(quasi.value.cooked);
      for (const part of node.expressions) collectNamePieces(context, part, pieces, depth + 1);
      return;
    case 'Identifier': {
      pieces.push(node.name);
      const binding = context.bindings.lookup(node);
      if (binding?.kind === 'variable' && binding.init && !binding.property && !binding.elementOf) collectNamePieces(context, binding.init, pieces, depth + 1);
      return;
    }
    case 'MemberExpression': {
      const name = propertyName(node);
      if (name) pieces.push(name);
      collectNamePieces(context, node.object, pieces, depth + 1);
      return;
    }
    case 'BinaryExpression':
      if (node.operator === '+') {
        collectNamePieces(context, node.left, pieces, depth + 1);
        collectNamePieces(context, node.right, pieces, depth + 1);
      }
      return;
    case 'LogicalExpression':
      collectNamePieces(context, node.left, pieces, depth + 1);
      collectNamePieces(context, node.right, pieces, depth + 1);
      return;
    default:
      return;
  }
}

// ---------------------------------------------------------------------------------------------
// Fix: add a property to an object literal, in the literal's own layout

/**
 * Edits that add `property` as the last property of `object`: on a line of its own with the
 * last property's indentation and comma style when the literal spans lines, after `, ` when
 * it is written on one line.
 */
export function addPropertyEdits(context: Pick<ScriptContext, 'text' | 'lines'>, object: TSESTree.ObjectExpression, property: string): TextEdit[] {
  const { text, lines } = context;
  const properties = object.properties;
  if (properties.length === 0) {
    return [{ range: lines.range(object.range[0] + 1, object.range[1] - 1), newText: ` ${property} ` }];
  }
  const last = properties[properties.length - 1];
  const closing = object.range[1] - 1;
  const comma = trailingComma(text, last.range[1], closing);
  const afterLast = comma ?? last.range[1];
  const lastLine = lines.positionAt(afterLast).line;
  const closingLine = lines.positionAt(closing).line;
  if (closingLine === lastLine) {
    // One line (or the brace shares the last property's line): `{ Bucket, Key, Body }`.
    return [{ range: lines.range(last.range[1], last.range[1]), newText: `, ${property}` }];
  }
  const eol = lines.eol;
  const indent = /^\s*/.exec(lines.lineText(lines.positionAt(last.range[0]).line))![0];
  const lineEnd = lines.lineEnd(lastLine);
  // After the comma and any comment that ends the line, so the comment stays with its property.
  const restOfLine = text.slice(afterLast + (comma !== undefined ? 1 : 0), lineEnd);
  const insertAt = /^\s*(\/\/.*)?$/.test(restOfLine) ? lineEnd : afterLast + (comma !== undefined ? 1 : 0);
  if (comma !== undefined) {
    return [{ range: lines.range(insertAt, insertAt), newText: `${eol}${indent}${property},` }];
  }
  if (insertAt === last.range[1]) return [{ range: lines.range(insertAt, insertAt), newText: `,${eol}${indent}${property}` }];
  return [
    { range: lines.range(last.range[1], last.range[1]), newText: ',' },
    { range: lines.range(insertAt, insertAt), newText: `${eol}${indent}${property}` },
  ];
}

/** Offset of the comma after `from`, skipping whitespace and comments, before `limit`. */
function trailingComma(text: string, from: number, limit: number): number | undefined {
  let i = from;
  while (i < limit) {
    const ch = text[i];
    if (/\s/.test(ch)) {
      i++;
    } else if (text.startsWith('//', i)) {
      const end = text.indexOf('\n', i);
      i = end < 0 ? limit : end + 1;
    } else if (text.startsWith('/*', i)) {
      const end = text.indexOf('*/', i + 2);
      i = end < 0 ? limit : end + 2;
    } else {
      return ch === ',' ? i : undefined;
    }
  }
  return undefined;
}

/** The quote the literal (or else the file) writes strings with. */
function quoteOf(context: ScriptContext, object: TSESTree.ObjectExpression): string {
  for (const property of object.properties) {
    if (property.type === 'Property' && property.value.type === 'Literal' && typeof property.value.value === 'string') {
      return context.text[property.value.range[0]] === '"' ? '"' : "'";
    }
  }
  // Else the quote most of the file's strings use.
  let double = 0;
  let single = 0;
  walk(context.script.ast, (node) => {
    if (double + single >= 50) return false;
    if (node.type === 'Literal' && typeof node.value === 'string') {
      if (context.text[node.range[0]] === '"') double++;
      else single++;
    }
    return undefined;
  });
  return double > single ? '"' : "'";
}

export default noUnencryptedPhiWrites;
