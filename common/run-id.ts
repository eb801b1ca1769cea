// The run id's alphabet and length: a run folder's name (docs/run-format.md) and what every API verb
// that names a run accepts. Making ids is main/store/run-id.ts.

/** Longest run id: short enough for any filesystem and for Windows' 260-character paths. */
export const RUN_ID_MAX_LENGTH = 80;

/** Characters safe in a folder name on macOS, Linux and Windows alike. */
export const RUN_ID_PATTERN = /^[A-Za-z0-9._-]+$/;
