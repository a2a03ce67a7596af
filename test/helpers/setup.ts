import { prepareAdapters } from '../../server/src/parse/adapters';

/**
 * Mocha root hooks (package.json `mocha.require`): load what the parse adapters cannot load
 * synchronously (the Terraform grammar, WebAssembly) once, before any test lints, as the server
 * does before it answers `initialize`.
 */
export const mochaHooks = {
  async beforeAll(): Promise<void> {
    await prepareAdapters();
  },
};
