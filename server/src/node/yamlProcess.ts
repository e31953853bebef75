// What the `yaml` package gets when it imports `process` (see scripts/build.mjs).
// Its Parser reads `process.env.LOG_TOKENS` once per token, a debugging switch;
// every read of the real `process.env` calls into the C++ environment, and on
// the benchmark's large workspace those reads were a quarter of the parse
// time. The switches are read once, at start-up, into a plain object.
export const env: Record<string, string | undefined> = {
  LOG_TOKENS: process.env.LOG_TOKENS,
  LOG_STREAM: process.env.LOG_STREAM,
};

export function emitWarning(warning: string | Error): void {
  process.emitWarning(warning);
}
