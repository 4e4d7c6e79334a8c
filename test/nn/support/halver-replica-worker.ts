// DataParallel's worker script with the test's own module type (the workerUrl option).
import { serveReplicas } from "@tapegrad/nn";
import "./halver";

serveReplicas();
