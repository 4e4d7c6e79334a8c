// Starts a TypeScript worker module inside this workspace, where tapegrad runs from its sources:
// registers the tsx loader in the worker, then imports the module. (A worker's execArgv of
// "--import tsx" does not reach its module loader on Node 20; registering from inside does.)
// Published builds start their compiled .js workers directly and never use this file.
import { workerData } from "node:worker_threads";
import { register } from "tsx/esm/api";

register();
await import(workerData.tapegradWorkerModule);
