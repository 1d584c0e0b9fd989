// Framework data loader: prints edition-changes.csv, the prepared table "edition_changes" (components/tables/registry.ts says what builds it).
import {printPrepared} from "../../loaders/prepare/print-file.mjs";

await printPrepared("edition_changes", "edition-changes.csv");
