/**
 * DataParallel's worker script with the playground's own module type (build.ts bundles it to
 * dist/scale-replica-worker.js, with its one copy of nn): register, then serve replicas.
 */
import { serveReplicas } from "@tapegrad/nn";
import "./scale-layer.ts";

serveReplicas();
