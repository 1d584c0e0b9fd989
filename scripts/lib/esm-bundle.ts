/**
 * A package as one minified browser ES module, made with esbuild the way Framework's self-hosted packages are: used
 * for the npm cache (scripts/seed-npm-cache.ts) and for the node_modules cache (./whole-node-packages.ts).
 */
import {readFileSync} from "node:fs";
import {resolve} from "node:path";
import {build, type Plugin} from "esbuild";

const ROOT = resolve(import.meta.dirname, "../..");

/** The version of a package as installed in node_modules (the one a bundle of it holds). */
export const installedVersion = (name: string): string =>
  (JSON.parse(readFileSync(resolve(ROOT, "node_modules", name, "package.json"), "utf-8")) as {version: string}).version;

/**
 * Bundles `entry` (a package name or a file); `keep(specifier)` gives, for a bare import, the path it stays imported
 * from (a module of its own), or undefined to bundle it. `what` names the package in an error.
 */
export async function esmBundle(entry: string, keep: (specifier: string) => string | undefined, what: string): Promise<string> {
  const separate: Plugin = {
    name: "keep-separate",
    setup(b) {
      b.onResolve({filter: /^[@\w]/}, ({path, kind}) => {
        const kept = kind === "entry-point" ? undefined : keep(path);
        return kept === undefined ? undefined : {path: kept, external: true};
      });
    }
  };
  const result = await build({
    entryPoints: [entry],
    absWorkingDir: ROOT,
    bundle: true,
    write: false,
    format: "esm",
    platform: "browser",
    target: "es2022",
    minify: true,
    define: {"process.env.NODE_ENV": '"production"'},
    plugins: [separate],
    logLevel: "error"
  });
  const out = result.outputFiles[0];
  if (!out) throw new Error(`esbuild produced no output for ${what}`);
  return out.text;
}
