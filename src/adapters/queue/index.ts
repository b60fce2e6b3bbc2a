/** The ticket queue (`.haco/queue/`): how a supervisor hands tickets to a running haco through files. */
export { TicketQueue, QUEUE_DEFAULTS } from "./ticketQueue.js";
export type {
  QueueBatch,
  QueuedTicket,
  QueueProvenance,
  QueueWatcher,
  PutBackFile,
  RejectedFile,
  TakenFile,
  TakeOptions,
  TicketQueueOptions,
  WatchOptions,
} from "./ticketQueue.js";
export { doneFileName, readDoneResults, writeDoneResult } from "./doneResults.js";
export type { QueueDoneRecord, QueueDoneResult } from "./doneResults.js";
export { enqueueTickets } from "./enqueue.js";
export type { Enqueued, EnqueueRequest } from "./enqueue.js";
export { listQueue } from "./listQueue.js";
export type { QueueListing } from "./listQueue.js";
export { QUEUE_DIR, queuePaths, isQueueCandidate } from "./queueLayout.js";
export { uniqueQueuedId } from "./queueIds.js";
