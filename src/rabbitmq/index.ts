/**
 * profile-kit/rabbitmq: the real-time worker (records from a RabbitMQ queue into a profile engine) and
 * a publisher with confirms, over amqplib (an optional peer dependency).
 */
export { consumeRecords, type ConsumeRecordsOptions, type RecordConsumer } from "./consumeRecords.js";
export { publishRecords, type PublishRecordsOptions } from "./publishRecords.js";
export type { AmqpChannel, AmqpConnection, AmqpMessage } from "./types.js";
