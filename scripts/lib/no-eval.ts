/**
 * Two libraries the pages use compile small functions from strings at run time, which a Content-Security-Policy
 * without 'unsafe-eval' refuses (EvalError): d3-dsv builds each CSV row object with `new Function` (behind every
 * FileAttachment.csv()), and apache-arrow builds its builders' null test the same way (behind the SQL console's CSV
 * tables, in the page and inside DuckDB's worker, which bundles its own copy). The build rewrites exactly those two
 * functions in the built JavaScript into plain closures that do the same, so the site runs under
 * `script-src 'self' 'wasm-unsafe-eval'` (scripts/serve.ts). The rewrite is the same in every build, so a file keeps
 * one content under its hashed name. If a library changes so that a pattern no longer matches while its `new Function`
 * is still there, the build fails (`assertNoEval`) rather than ship a page that breaks under the policy.
 */
import {readFileSync, writeFileSync} from "node:fs";
import {join} from "node:path";
import {listFiles} from "../../loaders/lib/files.ts";

interface Rewrite {
  name: string;
  pattern: RegExp;
  replace: (...groups: string[]) => string;
}

const REWRITES: Rewrite[] = [
  {
    // d3-dsv objectConverter(columns): new Function("d", "return {" + columns.map((name, i) => JSON.stringify(name) + ": d[" + i + "] || \"\"") + "}")
    name: "d3-dsv objectConverter",
    pattern: /new Function\("d",\s*"return \{"\s*\+\s*(\w+)\.map\(function\s*\((\w+),\s*(\w+)\)\s*\{\s*return JSON\.stringify\(\2\)\s*\+\s*": d\["\s*\+\s*\3\s*\+\s*(?:'\] \|\| ""'|"\] \|\| \\"\\"")\s*;?\s*\}\)\.join\(","\)\s*\+\s*"\}"\)/g,
    replace: (_m, columns) => `(function(c){return function(d){var o={};for(var i=0;i<c.length;++i)o[c[i]]=d[i]||"";return o}})(${columns})`
  },
  {
    // apache-arrow createIsValidFunction(nullValues): a `switch (x)` over the null values (===), and `x !== x` for NaN.
    name: "apache-arrow createIsValidFunction",
    pattern: /function (\w+)\((\w+)\)\{if\(!\2\|\|\2\.length<=0\)return function\((\w+)\)\{return!0\};[^{}]{0,80}?\2\.filter\([^)]*\)[\s\S]{0,400}?new Function\("x",\s*(?:`\$\{\w+\}\s*return true;`|""\.concat\(\w+,\s*"\\nreturn true;"\))\)\}/g,
    replace: (_m, name, nulls, arg) =>
      `function ${name}(${nulls}){if(!${nulls}||${nulls}.length<=0)return function(${arg}){return!0};` +
      `var v=${nulls}.filter(function(x){return x===x}),n=v.length!==${nulls}.length;` +
      `return function(x){if(n&&x!==x)return!1;for(var i=0;i<v.length;++i)if(x===v[i])return!1;return!0}}`
  }
];

/** What is left that would need 'unsafe-eval': the start of each unrewritten `new Function` of the two libraries. */
const LEFT = /new Function\("(?:d|x)",/;

/** The text with both functions rewritten, and how many rewrites were made. */
export function rewriteEval(text: string): {text: string; rewrites: number} {
  let rewrites = 0;
  for (const r of REWRITES) {
    text = text.replace(r.pattern, (...args: string[]) => {
      rewrites++;
      return r.replace(...args);
    });
  }
  return {text, rewrites};
}

/** Rewrites every built JavaScript file that holds one of the functions; throws if one is left. Returns files changed. */
export function removeEval(dist: string): number {
  let changed = 0;
  const left: string[] = [];
  for (const rel of listFiles(dist).filter((f) => f.endsWith(".js"))) {
    const path = join(dist, rel);
    const before = readFileSync(path, "utf-8");
    if (!LEFT.test(before)) continue;
    const {text} = rewriteEval(before);
    if (LEFT.test(text)) left.push(rel);
    if (text !== before) {
      writeFileSync(path, text);
      changed++;
    }
  }
  if (left.length) {
    throw new Error(`A library in the built site compiles code from strings in a form the build does not know how to rewrite, so it would fail under the site's Content-Security-Policy: ${left.join(", ")}. Update scripts/lib/no-eval.ts for the new version.`);
  }
  return changed;
}
