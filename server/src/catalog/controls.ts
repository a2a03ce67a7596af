import * as path from 'path';
import { formatProblem, type YamlProblem } from '../schema/yamlValidation';
import { loadFile } from './catalog';
import { packageRoot } from './packageRoot';

/**
 * rules/controls.yaml: what the audit report is organised by: the controls findings are grouped
 * under, the sink kind of each flow rule, and the checks each aspect of a store's posture is
 * judged from. Data, so that mapping a rule to a control is an edit of the catalog, not of code.
 */
export interface ControlsData {
  controls: { id: string; name: string }[];
  sinks: { rule: string; label: string; thirdParty: boolean }[];
  posture: PostureAspectData[];
}

export interface PostureAspectData {
  aspect: string;
  label: string;
  /** `types`: the resource types a code check judges; declarative checks take theirs from rules/iac/. */
  checks: { check: string; types?: string[] }[];
}

export class ControlsError extends Error {
  constructor(readonly problems: YamlProblem[]) {
    super(`invalid phi-lint controls:\n${problems.map(formatProblem).join('\n')}`);
  }
}

/**
 * Loads and validates rules/controls.yaml. `referenceIds`: the ids of rules/references.yaml, which
 * every control must be (a control is a reference findings already carry).
 */
export function loadControls(referenceIds: ReadonlySet<string>, rulesDir = path.join(packageRoot(), 'rules')): ControlsData {
  const file = path.join(rulesDir, 'controls.yaml');
  const problems: YamlProblem[] = [];
  const value = loadFile<ControlsData>(rulesDir, 'controls.yaml', 'controls.schema.json', problems);
  if (value) {
    value.controls.forEach((control, index) => {
      if (!referenceIds.has(control.id)) problems.push({ file, key: `controls.${index}.id`, message: `"${control.id}" is not a reference in rules/references.yaml` });
    });
    const aspects = new Set<string>();
    value.posture.forEach((aspect, index) => {
      if (aspects.has(aspect.aspect)) problems.push({ file, key: `posture.${index}.aspect`, message: `duplicate aspect "${aspect.aspect}"` });
      aspects.add(aspect.aspect);
    });
  }
  if (problems.length > 0 || !value) throw new ControlsError(problems);
  return value;
}

let bundled: ControlsData | undefined;

/** The bundled controls, loaded once per process. */
export function bundledControls(referenceIds: ReadonlySet<string>): ControlsData {
  bundled ??= loadControls(referenceIds);
  return bundled;
}
