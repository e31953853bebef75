// Public surface of the core, for the LSP layer, the CLI and the tests.
export * from './languageService';
export { changedKeys } from './index/forkableMap';
export { parseConfigFile, CONFIG_FILE_NAME, type ConfigFile } from './config/configFile';
export { fieldCoverage, type FieldCoverage } from './schema/docs/coverage';
