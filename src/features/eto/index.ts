/** The ETo slice's public server-side module: a stored result as CSV (project exports). */
export { EtoCsvError, etoResultToCsv } from "./eto-csv";
export { etoBatchCsv } from "./eto-batch-csv.service";
