/** A bad command line (flag value, argument): the message names the flag; commands exit with EXIT.usage. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "UsageError";
  }
}
