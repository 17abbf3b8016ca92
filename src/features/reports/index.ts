/** The reports slice's public server-side module: its files' retention (the weekly data cleanup). */
export { deleteReportFilesOlderThan } from "./reports.repository";
