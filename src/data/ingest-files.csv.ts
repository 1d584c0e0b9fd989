// Framework data loader: prints ingest-files.csv, the prepared table "ingest_files" (components/tables/registry.ts says what builds it).
import {printTable} from "../../loaders/prepare/print-prepared.ts";

await printTable("ingest_files");
