/**
 * The esbuild options every Node bundle of Fluxo shares (the CLI, the edge, the worker, the kernel
 * thread host, the launcher): project sources in, npm packages external, ESM for Node 20.
 */
export function nodeBundleOptions(root) {
  return {
    absWorkingDir: root,
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    tsconfig: "tsconfig.json", // applies the "@/*" path alias before externals are decided
    packages: "external",
    sourcemap: "linked",
    legalComments: "none",
    logLevel: "warning",
    // No createRequire banner: only ESM project code is bundled; CommonJS packages stay external.
  };
}
