// Apart from data-dir-claim.ts, so that the CLI can recognise it without loading SQLite.
export class DataDirInUseError extends Error {}
