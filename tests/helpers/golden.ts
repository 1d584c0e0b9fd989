/**
 * Golden files in the style of Observable Plot's and Framework's test suites: the output is compared with the file
 * committed beside the test; on a difference the new output is written as <name>-changed.<ext> and the test fails, so
 * a change shows as a diff to review. A missing golden file is written (and the test passes), except when
 * process.env.CI is set: then it fails.
 */
import {existsSync} from "node:fs";
import {mkdir, readFile, rename, rm, writeFile} from "node:fs/promises";
import path from "node:path";

async function writeAtomic(file: string, text: string): Promise<void> {
  await mkdir(path.dirname(file), {recursive: true});
  await writeFile(`${file}.tmp`, text);
  await rename(`${file}.tmp`, file);
}

/** Compares `actual` with the golden file; see the file comment for what happens on a difference. */
export async function assertGolden(file: string, actual: string): Promise<void> {
  const ext = path.extname(file);
  const changed = `${file.slice(0, -ext.length)}-changed${ext}`;
  const name = path.basename(file);
  if (!existsSync(file)) {
    if (process.env.CI) throw new Error(`Golden file ${file} is missing; run the test locally to create it, review it and commit it`);
    await writeAtomic(file, actual);
    return;
  }
  const expected = await readFile(file, "utf8");
  if (actual === expected) {
    await rm(changed, {force: true});
    return;
  }
  await writeAtomic(changed, actual);
  throw new Error(`${name} differs from its golden file; the new output is in ${changed}. Review it and, if it is right, move it over ${name}`);
}
