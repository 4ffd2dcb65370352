/** A state file exists but cannot be used (unreadable, wrong kind/version, invalid content); names the file. */
export class StateFileError extends Error {
  constructor(
    readonly file: string,
    detail: string,
  ) {
    super(`${file}: ${detail}`);
    this.name = "StateFileError";
  }
}
