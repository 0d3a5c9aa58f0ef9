import { describe, it } from "vitest";
import { runStoreConformance } from "../testing/runStoreConformance.js";
import { memoryStore } from "./memoryStore.js";

// The reference store passes its own conformance suite.
runStoreConformance(() => memoryStore(), { describe, it });
