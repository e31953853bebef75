// Public surface of the core, for the LSP layer, the CLI and the tests.
export * from './languageService';
