/** Signals: decoupled notifications, as Django's dispatcher sends them. */

const RESOLVED: Promise<void> = Promise.resolve();

/** A function connected to a signal. */
export type Receiver<T> = (payload: T) => void | Promise<void>;

/** Options of {@link Signal.connect}. */
export interface ConnectOptions {
  /** Connecting twice with the same uid keeps one receiver. */
  dispatchUid?: string;
}

/** What {@link Signal.sendRobust} reports per receiver. */
export type RobustResult<T> = { receiver: Receiver<T>; error?: unknown };

/**
 * A signal carrying a payload of type `T` to every connected receiver, in connection order.
 *
 * @example
 * const pollClosed = new Signal<{ pollId: number }>("pollClosed");
 * pollClosed.connect(({ pollId }) => log(pollId));
 * await pollClosed.send({ pollId: 1 });
 */
export class Signal<T = void> {
  readonly #receivers: Array<{ receiver: Receiver<T>; uid: string | undefined }> = [];

  constructor(readonly name: string) {}

  /** Connects a receiver; returns a function that disconnects it. */
  connect(receiver: Receiver<T>, options: ConnectOptions = {}): () => void {
    const uid = options.dispatchUid;
    const exists = this.#receivers.some((r) =>
      uid !== undefined ? r.uid === uid : r.receiver === receiver,
    );
    if (!exists) this.#receivers.push({ receiver, uid });
    return () => this.disconnect(uid !== undefined ? { dispatchUid: uid } : receiver);
  }

  /** Disconnects by receiver or by uid; returns whether one was connected. */
  disconnect(target: Receiver<T> | { dispatchUid: string }): boolean {
    const index = this.#receivers.findIndex((r) =>
      typeof target === "function" ? r.receiver === target : r.uid === target.dispatchUid,
    );
    if (index >= 0) this.#receivers.splice(index, 1);
    return index >= 0;
  }

  /** Whether any receiver is connected. */
  get hasListeners(): boolean {
    return this.#receivers.length > 0;
  }

  /** Calls every receiver in turn; the first error stops the rest and propagates. */
  send(payload: T): Promise<void> {
    // Signals are sent on every request: with no receivers, don't pay for an async function.
    if (this.#receivers.length === 0) return RESOLVED;
    return this.#send(payload);
  }

  async #send(payload: T): Promise<void> {
    for (const { receiver } of [...this.#receivers]) await receiver(payload);
  }

  /** Calls every receiver; errors are collected rather than thrown. */
  sendRobust(payload: T): Promise<RobustResult<T>[]> {
    if (this.#receivers.length === 0) return Promise.resolve([]);
    return this.#sendRobust(payload);
  }

  async #sendRobust(payload: T): Promise<RobustResult<T>[]> {
    const results: RobustResult<T>[] = [];
    for (const { receiver } of [...this.#receivers]) {
      try {
        await receiver(payload);
        results.push({ receiver });
      } catch (error) {
        results.push({ receiver, error });
      }
    }
    return results;
  }

  /** Disconnects every receiver (for tests). */
  reset(): void {
    this.#receivers.length = 0;
  }
}

/** Sent by the Handler when a request starts; `request` is an `HttpRequest`. */
export const requestStarted: Signal<{ request: unknown }> = new Signal("requestStarted");
/** Sent when a response has been sent (or the client went away) and cleaned up. */
export const requestFinished: Signal<{ request: unknown }> = new Signal("requestFinished");
/** Sent when a view raises an error that becomes a 500. */
export const gotRequestException: Signal<{ request: unknown; error: unknown }> = new Signal(
  "gotRequestException",
);
/**
 * Sent each time a template is rendered, with its name and the context it saw (top-level
 * promises resolved): the test client records them as `response.templates` and
 * `response.context`, as Django's does.
 */
export const templateRendered: Signal<{
  templateName: string;
  context: Readonly<Record<string, unknown>>;
}> = new Signal("templateRendered");
/** Sent when `overrideSettings` enters (`enter: true`) or leaves a block. */
export const settingChanged: Signal<{ setting: string; value: unknown; enter: boolean }> =
  new Signal("settingChanged");
