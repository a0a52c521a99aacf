// Optic's diff of two OpenAPI files, as one JSON document on stdout:
//   {"changelog": <what `optic diff --json` prints>, "checks": [<each failed breaking-change check>]}
// `optic diff --json` leaves out the checks (it prints them only as text), so this calls the same
// functions the CLI does (@useoptic/optic, pinned in package.json). Telemetry is off.
// Usage: node tools/optic_diff.cjs BEFORE AFTER
"use strict";
process.env.OPTIC_TELEMETRY_LEVEL = "off";
const path = require("path");
const build = path.dirname(require.resolve("@useoptic/optic/package.json")) + "/build";
const { initializeConfig } = require(build + "/config");
const { loadSpec } = require(build + "/utils/spec-loaders");
const { compute } = require(build + "/commands/diff/compute");
const { jsonChangelog } = require(build + "/commands/diff/changelog-renderers/json-changelog");
const { logger } = require(build + "/logger");

async function main([before, after]) {
  logger.setLevel("silent");
  const config = await initializeConfig();
  const opts = { strict: false, denormalize: true };
  const base = await loadSpec(before, config, opts);
  const head = await loadSpec(after, config, opts);
  const result = await compute([base, head], config, {
    standard: undefined, check: true, path: before, severity: "error",
  });
  const checks = result.specResults.results
    .filter((r) => !r.passed && !r.exempted)
    .map((r) => ({
      name: r.name, error: r.error, severity: r.severity, type: r.type,
      location: r.location && { jsonPath: r.location.jsonPath,
        conceptualLocation: r.location.conceptualLocation, kind: r.location.kind },
    }));
  const changelog = jsonChangelog({ from: base.jsonLike, to: head.jsonLike }, result.changelogData);
  process.stdout.write(JSON.stringify({ changelog, checks }) + "\n");
}

main(process.argv.slice(2)).then(
  () => process.exit(0),
  (err) => { process.stderr.write(String((err && err.stack) || err) + "\n"); process.exit(2); },
);
