export * from './config.types';
export { loadConfig, maskConfig, ConfigError, environmentWithDotenv } from './load-config';
export { EXAMPLE_SECRET_VALUES, MIN_SECRET_LENGTH } from './example-values';
