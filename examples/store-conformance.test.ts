// How a host tests its own ProfileStore: the whole file. Replace memoryStore() with your store's factory
// (each call must return a new, empty store).
import { describe, it } from "vitest";
import { memoryStore } from "profile-kit/engine";
import { runStoreConformance } from "profile-kit/testing";

runStoreConformance(() => memoryStore(), { describe, it });
