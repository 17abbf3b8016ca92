/** The projects slice's public module (client-safe): the schema of a forecast saved to a project. */
export { ZSaveForecast } from "./projects.schemas";
