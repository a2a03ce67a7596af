/** Command ids; the user-facing ones are contributed in package.json under the same names. */
export const Commands = {
  scanWorkspace: 'phiLint.scanWorkspace',
  restartServer: 'phiLint.restartServer',
  showOutput: 'phiLint.showOutput',
  /** Same id as SHOW_RULE_DOC_COMMAND in the protocol: the server links to it. */
  showRuleDoc: 'phiLint.showRuleDoc',
} as const;
