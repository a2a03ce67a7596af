import * as assert from 'assert';
import { isArmTree, parseArmExpression, readArm } from '../../server/src/analysis/iac/arm';
import { childResources } from '../../server/src/analysis/iac/azure';
import { readBicep } from '../../server/src/analysis/iac/bicep';
import { bundledIacCatalog, formatsOf } from '../../server/src/analysis/iac/catalog';
import { getPath, getValue, resolve, resolvedValue, tagsOf, type IacDocument, type IacValue } from '../../server/src/analysis/iac/model';
import { PhiStores } from '../../server/src/analysis/iac/phi';
import { bundledCatalog } from '../../server/src/catalog/catalog';
import { defaultConfig } from '../../server/src/config/config';
import { LineIndex } from '../../server/src/core/lineIndex';
import { Linter } from '../../server/src/engine/linter';
import { bicepAdapter, parseBicep } from '../../server/src/parse/bicep';
import { isParseFailure } from '../../server/src/parse/documents';
import { languageOf } from '../../server/src/parse/languages';
import { parseYamlDocument, type YamlTree } from '../../server/src/parse/yaml';
import { mayBeInfrastructure } from '../../server/src/rules/iacRule';
import { applyFixAlone } from '../helpers/iacFix';
import { makeTempDir, removeDir } from '../helpers/workspace';

/**
 * ARM templates and Bicep: detection, parsing with positions, the model they read into
 * (expressions, parameters' and variables' defaults, nested resources and parents), and the
 * output of the suggested fixes that fix-all does not apply (the safe ones have `*.fixed.*`
 * fixtures under test/fixtures/iac-azure-*).
 */

const SCHEMA = 'https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#';

function parseJson(text: string) {
  const parsed = parseYamlDocument('azuredeploy.json', text, new LineIndex(text), 'json');
  if (isParseFailure(parsed)) throw new Error(`parse failed: ${parsed.message}`);
  return parsed.tree as YamlTree;
}

function arm(text: string): IacDocument {
  return readArm('/t/azuredeploy.json', text, parseJson(text));
}

function bicep(text: string): IacDocument {
  const parsed = parseBicep(text);
  if (parsed instanceof Error) throw parsed;
  assert.strictEqual(parsed.error, undefined, `parse error: ${parsed.error?.message}`);
  return readBicep('/t/main.bicep', text, parsed.file);
}

const at = (text: string, value: IacValue | undefined) => (value ? text.slice(value.span.start, value.span.end) : undefined);
const textOf = (text: string, span: { start: number; end: number }) => text.slice(span.start, span.end);
const lines = (...text: string[]) => `${text.join('\n')}\n`;

describe('Azure templates (ARM, Bicep)', () => {
  describe('languages and detection', () => {
    it('reads .bicep as Bicep and ARM templates as JSON', () => {
      assert.deepStrictEqual(['main.bicep', 'azuredeploy.json'].map(languageOf), ['bicep', 'json']);
    });

    it('claims ARM templates, not their parameters files, package.json or tsconfig', () => {
      assert.strictEqual(mayBeInfrastructure(`{ "$schema": "${SCHEMA}", "resources": [] }`, 'json'), true);
      assert.strictEqual(mayBeInfrastructure('{ "$schema": "https://schema.management.azure.com/schemas/2018-05-01/subscriptionDeploymentTemplate.json#" }', 'json'), true);
      assert.strictEqual(mayBeInfrastructure('{ "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentParameters.json#" }', 'json'), false);
      assert.strictEqual(mayBeInfrastructure('{ "name": "portal", "description": "deploymentTemplate.json generator" }', 'json'), false);
      assert.strictEqual(mayBeInfrastructure('{ "$schema": "https://json.schemastore.org/tsconfig", "compilerOptions": {} }', 'json'), false);
      assert.strictEqual(mayBeInfrastructure('', 'bicep'), true);
    });

    it('reads comments in ARM templates (Azure accepts them), with positions, and keeps CloudFormation JSON strict', () => {
      const text = `{\n  "$schema": "${SCHEMA}", // the schema\n  /* no resources */ "resources": ["a//b"]\n}`;
      const parsed = parseYamlDocument('azuredeploy.json', text, new LineIndex(text), 'json');
      assert.ok(!isParseFailure(parsed));
      assert.deepStrictEqual(parsed.comments.map((comment) => [comment.value, text.slice(comment.start, comment.end)]), [
        [' the schema', '// the schema'],
        [' no resources ', '/* no resources */'],
      ]);
      const cloudFormation = '{ "AWSTemplateFormatVersion": "2010-09-09" // no\n}';
      assert.ok(isParseFailure(parseYamlDocument('template.json', cloudFormation, new LineIndex(cloudFormation), 'json')));
    });

    it('tells an ARM template tree from other JSON after parsing', () => {
      assert.strictEqual(isArmTree(parseJson(`{ "$schema": "${SCHEMA}", "resources": [] }`)), true);
      assert.strictEqual(isArmTree(parseJson('{ "description": "see deploymentTemplate.json", "resources": [] }')), false);
    });
  });

  describe('ARM expressions', () => {
    const span = { start: 0, end: 0 };
    it('reads parameters() and variables() as references, other functions as calls', () => {
      assert.deepStrictEqual(parseArmExpression("parameters('tls')", undefined, span), { kind: 'ref', target: 'tls', span });
      assert.deepStrictEqual(parseArmExpression("variables('name')", undefined, span), { kind: 'ref', target: 'variables.name', span });
      const call = parseArmExpression("resourceId('Microsoft.Sql/servers', parameters('server'))", undefined, span);
      assert.ok(call?.kind === 'call' && call.name === 'resourceid' && call.args.length === 2);
      assert.deepStrictEqual(parseArmExpression("concat('it''s', 'x')", undefined, span), { kind: 'call', name: 'concat', args: [{ kind: 'string', value: "it's", span }, { kind: 'string', value: 'x', span }], span });
      assert.deepStrictEqual(parseArmExpression('true()', undefined, span), { kind: 'boolean', value: true, span });
    });

    it('keeps property access as a computed value with its references, and rejects what is not an expression', () => {
      const access = parseArmExpression("reference(parameters('vault')).vaultUri", undefined, span);
      assert.strictEqual(access?.kind, 'unknown');
      assert.strictEqual(parseArmExpression("parameters('a'", undefined, span), undefined);
      assert.strictEqual(parseArmExpression("parameters('a') parameters('b')", undefined, span), undefined);
    });
  });

  describe('ARM model', () => {
    const text = lines(
      '{',
      `  "$schema": "${SCHEMA}",`,
      '  "parameters": {',
      '    "tls": { "type": "string", "defaultValue": "TLS1_0" },',
      '    "server": { "type": "string", "defaultValue": "acme-claims" },',
      '    "password": { "type": "securestring" }',
      '  },',
      '  "variables": { "tags": { "DataClassification": "PHI" }, "https": false },',
      '  "resources": [',
      '    {',
      '      "type": "Microsoft.Storage/storageAccounts",',
      '      "name": "[[literal]",',
      '      "tags": "[variables(\'tags\')]",',
      '      "properties": { "minimumTlsVersion": "[parameters(\'tls\')]", "supportsHttpsTrafficOnly": "[variables(\'https\')]" }',
      '    },',
      '    {',
      '      "type": "Microsoft.Sql/servers",',
      '      "name": "[parameters(\'server\')]",',
      '      "resources": [{ "type": "auditingSettings", "name": "default", "properties": { "state": "Enabled" } }]',
      '    },',
      '    { "type": "Microsoft.Sql/servers/auditingSettings", "name": "[concat(parameters(\'server\'), \'/extra\')]" },',
      '    { "type": "Microsoft.Sql/servers/auditingSettings", "name": "[format(\'{0}/other\', \'elsewhere\')]" }',
      '  ]',
      '}',
    );
    const document = arm(text);

    it('reads resources with full types, parents, names and exact value positions', () => {
      assert.deepStrictEqual(
        document.resources.map((resource) => `${resource.type} ${resource.name} <- ${resource.parent?.name ?? '-'}`),
        [
          'Microsoft.Storage/storageAccounts [literal] <- -',
          'Microsoft.Sql/servers acme-claims <- -',
          'Microsoft.Sql/servers/auditingSettings default <- acme-claims',
          'Microsoft.Sql/servers/auditingSettings acme-claims/extra <- acme-claims',
          'Microsoft.Sql/servers/auditingSettings elsewhere/other <- -',
        ],
      );
      const [storage] = document.resources;
      assert.strictEqual(at(text, getValue(storage.properties, 'minimumTlsVersion')), '"[parameters(\'tls\')]"');
      assert.strictEqual(textOf(text, storage.nameSpan), '"[[literal]"');
    });

    it('resolves parameters to their defaultValue and variables to their values', () => {
      const [storage, server] = document.resources;
      assert.deepStrictEqual(resolve(document, getValue(storage.properties, 'minimumTlsVersion')), { state: 'value', value: document.parameters.get('tls')!.default, via: 'the default of parameter `tls`' });
      assert.strictEqual(resolvedValue(document, getValue(storage.properties, 'supportsHttpsTrafficOnly'))?.kind, 'boolean');
      assert.deepStrictEqual([...tagsOf(document, storage)], [['DataClassification', 'PHI']]);
      assert.strictEqual(document.parameters.get('password')?.secret, true);
      assert.strictEqual(childResources(document, server, ['Microsoft.Sql/servers/auditingSettings']).length, 2);
    });
  });

  describe('Bicep parsing and model', () => {
    const text = lines(
      "param tls string = 'TLS1_0'",
      '@secure()',
      'param password string',
      "var tags = { DataClassification: 'PHI' }",
      "var name = 'acme${uniqueString(resourceGroup().id)}'",
      '',
      "resource storage 'Microsoft.Storage/storageAccounts@2023-01-01' = {",
      '  name: name',
      '  tags: tags',
      '  properties: {',
      "    minimumTlsVersion: tls // the parameter's default",
      "    'quoted-key': 'it\\'s'",
      '    networkAcls: {',
      '      defaultAction: deny ? \'Deny\' : \'Allow\'',
      '    }',
      '  }',
      "  resource blobs 'blobServices' = {",
      "    name: 'default'",
      '  }',
      '}',
      '',
      "resource audit 'Microsoft.Sql/servers/auditingSettings@2022-05-01-preview' = [for i in range(0, 2): {",
      '  parent: server',
      "  name: 'default${i}'",
      '}]',
      '',
      "resource server 'Microsoft.Sql/servers@2022-05-01-preview' existing = {",
      "  name: 'acme-sql'",
      '}',
    );
    let document: IacDocument;
    before(() => {
      document = bicep(text);
    });

    it('reads resources by symbolic name with full types, parents, loops and existing resources', () => {
      assert.deepStrictEqual(
        document.resources.map((resource) => `${resource.mode} ${resource.type} ${resource.name} <- ${resource.parent?.name ?? '-'}`),
        [
          'resource Microsoft.Storage/storageAccounts storage <- -',
          'resource Microsoft.Storage/storageAccounts/blobServices blobs <- storage',
          'resource Microsoft.Sql/servers/auditingSettings audit <- server',
          'data Microsoft.Sql/servers server <- -',
        ],
      );
      assert.strictEqual(textOf(text, document.resources[0].nameSpan), 'storage');
    });

    it('keeps positions, unescapes strings, resolves parameter defaults and variables', () => {
      const [storage] = document.resources;
      const tls = getValue(storage.properties, 'minimumTlsVersion');
      assert.strictEqual(at(text, tls), 'tls');
      assert.strictEqual(resolve(document, tls).via, 'the default of parameter `tls`');
      assert.deepStrictEqual(resolvedValue(document, getValue(storage.properties, 'quoted-key')), { kind: 'string', value: "it's", span: getValue(storage.properties, 'quoted-key')!.span });
      assert.strictEqual(resolve(document, getPath(storage.properties, ['networkAcls', 'defaultAction'])).state, 'unknown');
      assert.deepStrictEqual([...tagsOf(document, storage)], [['DataClassification', 'PHI']]);
      assert.strictEqual(document.parameters.get('password')?.secret, true);
    });

    it('makes a child resource of a PHI store a PHI store', () => {
      const stores = new PhiStores(bundledIacCatalog().phi);
      assert.deepStrictEqual(stores.assess(document, document.resources[1]), { phi: true, reason: 'part of `storage`, tagged `DataClassification: PHI`' });
    });

    it('reads an object that spreads another one in as open: what it lacks is unknown, not absent', () => {
      const spread = lines("var base = { minimumTlsVersion: 'TLS1_2' }", "resource s 'Microsoft.Storage/storageAccounts@2023-01-01' = {", "  name: 'x'", '  properties: {', '    ...base', '    supportsHttpsTrafficOnly: true', '  }', '}');
      const [storage] = bicep(spread).resources;
      assert.strictEqual(getValue(storage.properties, 'supportsHttpsTrafficOnly')?.kind, 'boolean');
      assert.strictEqual(getValue(storage.properties, 'minimumTlsVersion')?.kind, 'unknown');
      assert.strictEqual(getPath(storage.properties, ['networkAcls', 'defaultAction'])?.kind, 'unknown');
    });

    it('reports the first syntax error, and a parse failure through the adapter', () => {
      const broken = "resource s 'Microsoft.Storage/storageAccounts@2023-01-01' = {\n  name: 'x'\n";
      const parsed = parseBicep(broken);
      assert.ok(!(parsed instanceof Error) && parsed.error, 'an unclosed resource is an error');
      const failure = bicepAdapter.parse('main.bicep', broken, new LineIndex(broken));
      assert.ok(isParseFailure(failure));
      assert.match(failure.message, /never closed/);
      assert.strictEqual(failure.offset, 0);
    });
  });

  describe('catalog', () => {
    it('runs every Azure rule on ARM and Bicep', () => {
      const catalog = bundledIacCatalog();
      for (const rule of ['iac-azure-storage', 'iac-azure-sql', 'iac-azure-cosmos-key-vault']) {
        const formats = new Set(catalog.byRule.get(rule)!.flatMap(formatsOf));
        assert.deepStrictEqual([...formats].filter((format) => format === 'arm' || format === 'bicep').sort(), ['arm', 'bicep'], rule);
      }
    });
  });
});

// ---------------------------------------------------------------------------------------------

let dir: string;
let linter: Linter;

function applyFix(fileName: string, text: string, ruleId: string, title: RegExp): string {
  return applyFixAlone(linter, dir, fileName, text, ruleId, title);
}

describe('Azure quick fixes (ARM, Bicep)', () => {
  before(() => {
    dir = makeTempDir('iac-azure-fixes');
    linter = new Linter(bundledCatalog(), defaultConfig(dir));
  });
  after(() => removeDir(dir));

  const armStorage = (properties: string[]) =>
    lines('{', `  "$schema": "${SCHEMA}",`, '  "resources": [', '    {', '      "type": "Microsoft.Storage/storageAccounts",', '      "name": "acmeintake",', ...properties, '    }', '  ]', '}');

  it('ARM: sets minimumTlsVersion to TLS1_2 in place, keeping the indentation', () => {
    const text = armStorage(['      "properties": {', '        "minimumTlsVersion": "TLS1_0",', '        "allowBlobPublicAccess": false', '      }']);
    assert.strictEqual(
      applyFix('azuredeploy.json', text, 'iac-azure-storage', /^Set `minimumTlsVersion`/),
      armStorage(['      "properties": {', '        "minimumTlsVersion": "TLS1_2",', '        "allowBlobPublicAccess": false', '      }']),
    );
  });

  it('ARM: adds properties with minimumTlsVersion to a resource that has none', () => {
    const text = armStorage(['      "location": "eastus"']);
    assert.strictEqual(
      applyFix('azuredeploy.json', text, 'iac-azure-storage', /^Set `minimumTlsVersion`/),
      armStorage(['      "location": "eastus",', '      "properties": {', '        "minimumTlsVersion": "TLS1_2"', '      }']),
    );
  });

  it('ARM: adds networkAcls denying by default after the last property', () => {
    const text = armStorage(['      "properties": {', '        "minimumTlsVersion": "TLS1_2"', '      }']);
    assert.strictEqual(
      applyFix('azuredeploy.json', text, 'iac-azure-storage', /^Set `networkAcls\.defaultAction`/),
      armStorage(['      "properties": {', '        "minimumTlsVersion": "TLS1_2",', '        "networkAcls": {', '          "defaultAction": "Deny",', '          "bypass": "AzureServices"', '        }', '      }']),
    );
  });

  it('ARM: suppresses through the resource\'s metadata', () => {
    const text = armStorage(['      "location": "eastus"']);
    const fixed = applyFix('azuredeploy.json', text, 'iac-azure-storage', /^Suppress/);
    assert.match(fixed, /"location": "eastus",\n {6}"metadata": \{\n {8}"phi-lint": \{\n {10}"suppress": \[/);
  });

  const bicepStorage = (properties: string[]) =>
    lines("resource intake 'Microsoft.Storage/storageAccounts@2023-01-01' = {", "  name: 'acmeintake'", ...properties, '}');

  it('Bicep: inserts minimumTlsVersion into the properties object after a trailing comment', () => {
    const text = bicepStorage(['  properties: {', '    allowBlobPublicAccess: false // no anonymous reads', '  }']);
    assert.strictEqual(
      applyFix('main.bicep', text, 'iac-azure-storage', /^Set `minimumTlsVersion`/),
      bicepStorage(['  properties: {', '    allowBlobPublicAccess: false // no anonymous reads', "    minimumTlsVersion: 'TLS1_2'", '  }']),
    );
  });

  it('Bicep: replaces a wrong TLS version in place and adds properties where there are none', () => {
    const wrong = bicepStorage(['  properties: {', "    minimumTlsVersion: 'TLS1_0'", '  }']);
    assert.strictEqual(applyFix('main.bicep', wrong, 'iac-azure-storage', /^Set `minimumTlsVersion`/), bicepStorage(['  properties: {', "    minimumTlsVersion: 'TLS1_2'", '  }']));
    const none = bicepStorage([]);
    assert.strictEqual(applyFix('main.bicep', none, 'iac-azure-storage', /^Set `minimumTlsVersion`/), bicepStorage(['  properties: {', "    minimumTlsVersion: 'TLS1_2'", '  }']));
  });

  it('Bicep: opens up an empty properties object for networkAcls', () => {
    const text = bicepStorage(['  properties: {}']);
    assert.strictEqual(
      applyFix('main.bicep', text, 'iac-azure-storage', /^Set `networkAcls\.defaultAction`/),
      bicepStorage(['  properties: {', '    networkAcls: {', "      defaultAction: 'Deny'", "      bypass: 'AzureServices'", '    }', '  }']),
    );
  });

  it('Bicep: changes the default of the parameter a wrong value comes from', () => {
    const text = lines("param tls string = 'TLS1_0'", '', ...bicepStorage(['  properties: {', '    minimumTlsVersion: tls', '  }']).trimEnd().split('\n'));
    assert.strictEqual(applyFix('main.bicep', text, 'iac-azure-storage', /^Change the default of parameter `tls`/).split('\n')[0], "param tls string = 'TLS1_2'");
  });

  it('Bicep: suppresses with a comment above the line', () => {
    const text = bicepStorage(['  properties: {', "    minimumTlsVersion: 'TLS1_0'", '    allowBlobPublicAccess: false', "    networkAcls: { defaultAction: 'Deny' }", "    encryption: { keySource: 'Microsoft.Keyvault' }", '  }']);
    const fixed = applyFix('main.bicep', text, 'iac-azure-storage', /^Suppress/);
    assert.match(fixed, /\n {4}\/\/ phi-lint-disable-next-line iac-azure-storage -- <reason>\n {4}minimumTlsVersion: 'TLS1_0'/);
  });

  it('SQL, Bicep and ARM: disables public network access and sets TLS 1.2 on the server', () => {
    const bicepServer = (properties: string[]) => lines("resource sql 'Microsoft.Sql/servers@2022-05-01-preview' = {", "  name: 'acme-sql'", '  properties: {', ...properties, '  }', '}');
    assert.strictEqual(
      applyFix('main.bicep', bicepServer(["    minimalTlsVersion: '1.2'"]), 'iac-azure-sql', /^Set `publicNetworkAccess`/),
      bicepServer(["    minimalTlsVersion: '1.2'", "    publicNetworkAccess: 'Disabled'"]),
    );
    const armServer = (properties: string[]) =>
      lines('{', `  "$schema": "${SCHEMA}",`, '  "resources": [', '    {', '      "type": "Microsoft.Sql/servers",', '      "name": "acme-sql",', '      "properties": {', ...properties, '      }', '    }', '  ]', '}');
    assert.strictEqual(
      applyFix('azuredeploy.json', armServer(['        "publicNetworkAccess": "Disabled",', '        "minimalTlsVersion": "1.0"']), 'iac-azure-sql', /^Set `minimalTlsVersion`/),
      armServer(['        "publicNetworkAccess": "Disabled",', '        "minimalTlsVersion": "1.2"']),
    );
  });

  it('activity log profile, Bicep: sets a retention of 365 days', () => {
    const text = lines("resource activity 'Microsoft.Insights/logprofiles@2016-03-01' = {", "  name: 'default'", '  properties: {', '    retentionPolicy: {', '      enabled: true', '      days: 30', '    }', '  }', '}');
    assert.strictEqual(
      applyFix('main.bicep', text, 'iac-log-group', /^Set `retentionPolicy\.enabled`/),
      lines("resource activity 'Microsoft.Insights/logprofiles@2016-03-01' = {", "  name: 'default'", '  properties: {', '    retentionPolicy: {', '      enabled: true', '      days: 365', '    }', '  }', '}'),
    );
  });
});
