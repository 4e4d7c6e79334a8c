// The worker DataParallel starts by default (beside data-parallel.ts; built to dist/replica-worker.js).
import { serveReplicas } from "./replica";

serveReplicas();
