/**
 * profile-kit/testing: tools to test pipelines built on profile-kit — a seeded generator of realistic,
 * messy multi-source customer records with ground truth.
 *
 * @packageDocumentation
 */
export {
  CUSTOMER_SOURCES,
  generateCustomerRecords,
  type CustomerSource,
  type EntityTrait,
  type GenerateCustomerRecordsOptions,
  type GeneratedCustomerRecord,
  type GeneratedRecord,
  type RecordNoise,
} from "./generateCustomerRecords.js";
export { generateCustomerNdjson, type GenerateCustomerNdjsonOptions } from "./generateCustomerNdjson.js";
export { generateCustomerDataset, type CustomerDataset } from "./generateCustomerDataset.js";
