/** Small file-system helpers shared by the build scripts. */
import {createHash} from "node:crypto";
import {readdirSync, readFileSync, statSync} from "node:fs";
import {join, relative} from "node:path";

/** Every regular file below dir (recursively), as paths relative to dir, sorted. */
export function listFiles(dir: string, skip: (rel: string) => boolean = () => false): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const entry of readdirSync(d, {withFileTypes: true})) {
      const abs = join(d, entry.name);
      const rel = relative(dir, abs);
      if (skip(rel)) continue;
      if (entry.isDirectory()) walk(abs);
      else if (entry.isFile()) out.push(rel);
    }
  };
  walk(dir);
  return out.sort();
}

export function sha256File(path: string): string {
  return createHash("sha256").update(readFileSync(path)).digest("hex");
}

/** A hash of the names, sizes and contents of the given files: changes when any of them does. */
export function hashFiles(paths: string[]): string {
  const h = createHash("sha256");
  for (const p of paths) {
    h.update(p).update("\0").update(String(statSync(p).size)).update("\0").update(readFileSync(p));
  }
  return h.digest("hex");
}
