export * from "./cron";
