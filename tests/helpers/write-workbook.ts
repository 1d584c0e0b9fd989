/**
 * Writes an exceljs workbook to disk in one call. exceljs 4.4's `xlsx.writeFile` ends the file stream when its zip
 * writer resolves, which can be before the zip has been piped through: on a loaded machine a test that read the
 * workbook straight after found it cut short (no xl/workbook.xml: "Cannot read properties of undefined (reading
 * 'sheets')"). Writing the finished buffer leaves no such window.
 */
import {writeFileSync} from "node:fs";
import type ExcelJS from "exceljs";

export async function writeWorkbook(wb: ExcelJS.Workbook, path: string): Promise<void> {
  writeFileSync(path, Buffer.from(await wb.xlsx.writeBuffer()));
}
