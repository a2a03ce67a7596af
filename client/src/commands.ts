/** Command ids; the user-facing ones are contributed in package.json under the same names. */
export const Commands = {
  scanWorkspace: 'phiLint.scanWorkspace',
  restartServer: 'phiLint.restartServer',
  showOutput: 'phiLint.showOutput',
} as const;
