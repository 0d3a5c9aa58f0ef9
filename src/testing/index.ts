/**
 * profile-kit/testing: tools to test pipelines built on profile-kit — a seeded generator of realistic,
 * messy multi-source customer records with ground truth.
 *
 * @packageDocumentation
 */
export { generateCustomerRecords } from "./generateCustomerRecords.js";
export {
  CUSTOMER_SOURCES,
  type CustomerSource,
  type EntityTrait,
  type GenerateCustomerRecordsOptions,
  type GeneratedCustomerRecord,
  type GeneratedRecord,
  type RecordNoise,
} from "./types.js";
export { generateCustomerNdjson, type GenerateCustomerNdjsonOptions } from "./generateCustomerNdjson.js";
export { generateCustomerDataset, type CustomerDataset } from "./generateCustomerDataset.js";
export { runStoreConformance, type ConformanceRunner, type StoreConformanceOptions } from "./runStoreConformance.js";
