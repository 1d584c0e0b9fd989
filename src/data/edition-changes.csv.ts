// Framework data loader: prints edition-changes.csv, the prepared table "edition_changes" (components/tables/registry.ts says what builds it).
import {printTable} from "../../loaders/prepare/print-prepared.ts";

await printTable("edition_changes");
