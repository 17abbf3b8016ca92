/** The projects slice's client-safe public module: the schema of a forecast saved to a project. */
export { ZSaveForecast } from "./projects.schemas";
