// A writer that saves a large file to the same path over and over, until it is killed: the
// checkpoint-files test kills it mid-save to leave a temporary file behind.
import { writeFileAtomic } from "../../src/checkpoint/fs";

const path = process.argv[2];
const bytes = new Uint8Array(48 * 2 ** 20).fill(7);
process.stdout.write("ready\n");
for (;;) writeFileAtomic(path, bytes, "saveCheckpoint");
