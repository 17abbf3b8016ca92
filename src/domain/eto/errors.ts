/** Errors thrown by the ETo engine. Services pass them on; routers and the CLI translate them. */
import { FieldInputError } from "../shared/errors";

/** An input the engine refuses; `field` names the offending input field (e.g. "rs", "days[3].tminC"). */
export class EtoInputError extends FieldInputError {
  override readonly name = "EtoInputError";
}
