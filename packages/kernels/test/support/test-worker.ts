// A worker for the thread tests: echoes, throws, crashes or exits on request.
import { serveRequests } from "../../src/index";

serveRequests((message) => {
  const m = message as { kind: string; value?: unknown };
  switch (m.kind) {
    case "echo":
      return { result: m.value };
    case "throw":
      throw new Error("boom in the job");
    case "crash":
      // Thrown outside any job: an uncaught error that ends the worker.
      setTimeout(() => {
        throw new Error("uncaught boom");
      }, 0);
      return new Promise(() => {});
    case "exit":
      return process.exit(3);
    default:
      throw new Error(`unknown kind ${m.kind}`);
  }
});
