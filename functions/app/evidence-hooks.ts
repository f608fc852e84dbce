/**
 * Consumers of new movements beyond history and the feed register here (evidence log, push deliveries),
 * so the stream handler stays the one place movements flow from.
 */
export {};
