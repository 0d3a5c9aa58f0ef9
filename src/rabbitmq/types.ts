/** The parts of amqplib the adapters use: any amqplib 2 connection fits. */

/** A delivered message, as much of amqplib's `ConsumeMessage` as the worker reads. */
export interface AmqpMessage {
  readonly content: Uint8Array;
  readonly fields: { readonly redelivered: boolean; readonly deliveryTag: number };
  readonly properties: { readonly headers?: Readonly<Record<string, unknown>> | undefined; readonly messageId?: string | undefined };
}

/** As much of amqplib's `Channel` / `ConfirmChannel` as the adapters use. */
export interface AmqpChannel {
  assertQueue(queue: string, options?: Readonly<Record<string, unknown>>): Promise<unknown>;
  prefetch(count: number): Promise<unknown>;
  consume(queue: string, onMessage: (message: AmqpMessage | null) => void, options?: Readonly<Record<string, unknown>>): Promise<{ readonly consumerTag: string }>;
  cancel(consumerTag: string): Promise<unknown>;
  ack(message: AmqpMessage): void;
  nack(message: AmqpMessage, allUpTo?: boolean, requeue?: boolean): void;
  sendToQueue(queue: string, content: Buffer, options?: Readonly<Record<string, unknown>>): boolean;
  waitForConfirms?(): Promise<void>;
  close(): Promise<void>;
  on(event: "close" | "error", listener: (error?: Error) => void): unknown;
}

/** As much of amqplib's connection (`ChannelModel`) as the adapters use. */
export interface AmqpConnection {
  createChannel(): Promise<AmqpChannel>;
  createConfirmChannel(): Promise<AmqpChannel>;
  close(): Promise<void>;
  on(event: "close" | "error", listener: (error?: Error) => void): unknown;
}
