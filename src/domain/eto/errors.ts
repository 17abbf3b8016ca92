/** Errors thrown by the ETo engine. Services pass them on; routers and the CLI translate them. */

/** An input the engine refuses; `field` names the offending input field (e.g. "rs", "days[3].tminC"). */
export class EtoInputError extends Error {
  override readonly name = "EtoInputError";
  readonly field: string;

  constructor(field: string, message: string) {
    super(message);
    this.field = field;
  }
}
