// Framework data loader: prints ingest-files.csv, the prepared table "ingest_files" (components/tables/registry.ts says what builds it).
import {printPrepared} from "../../loaders/prepare/print-file.mjs";

await printPrepared("ingest_files", "ingest-files.csv");
