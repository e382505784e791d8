// LISTEN on a dedicated connection (a pooled one would be handed to other queries). Notifications
// are wake-ups only: PostgreSQL does not replay them to a client that was disconnected, so every
// (re)connection is announced as `reconnected` and the listener of it catches up by reading.
// A connection that dies (server restart, failover, a silent network) is noticed by its error,
// its end, or a failed ping, and replaced with backoff.
// close() never ends a client that is still connecting: pg's connect() then never settles (its
// end handler skips the callback once end() was asked for), so the loop ends it after connect
// returns, which connectionTimeoutMillis bounds.
import pg from 'pg';
import { parseWake, WAKE_CHANNEL, type Wake } from './wake-channel.ts';

export interface WakeListenerOptions {
  /** Client settings (SharedStore.clientConfig). */
  config: pg.ClientConfig;
  onWake: (wake: Wake) => void;
  /** Connection state changes; `error` is a password-free line (describe it with SharedStore.fail). */
  onStatus?: (status: { connected: boolean; error: string | null }) => void;
  describeError?: (error: unknown) => string;
  /** Reconnect delay: first and cap, ms. Default 250 doubling to 5000. */
  backoff?: { baseMs: number; maxMs: number };
  /** A quiet connection is checked this often, ms (default 10 s). */
  pingMs?: number;
}

export class WakeListener {
  readonly #options: WakeListenerOptions;
  #closed = false;
  /** Resolves the current connection's `gone` wait; set only while it is listening. */
  #drop: ((reason: unknown) => void) | null = null;
  #wakeSleep: (() => void) | null = null;
  #loop: Promise<void>;
  #connected = false;

  private constructor(options: WakeListenerOptions) {
    this.#options = options;
    this.#loop = this.#run();
  }

  static start(options: WakeListenerOptions): WakeListener {
    return new WakeListener(options);
  }

  get connected(): boolean {
    return this.#connected;
  }

  async close(): Promise<void> {
    this.#closed = true;
    this.#wakeSleep?.();
    this.#drop?.(new Error('closed'));
    await this.#loop;
  }

  #status(connected: boolean, error: unknown): void {
    this.#connected = connected;
    const line = error === null ? null : (this.#options.describeError?.(error) ?? 'connection lost');
    this.#options.onStatus?.({ connected, error: line });
  }

  async #run(): Promise<void> {
    const { baseMs, maxMs } = this.#options.backoff ?? { baseMs: 250, maxMs: 5000 };
    let failures = 0;
    while (!this.#closed) {
      const client = new pg.Client(this.#options.config);
      let dropped!: (error: unknown) => void;
      const gone = new Promise<unknown>((resolve) => (dropped = resolve));
      client.on('error', (error) => dropped(error));
      client.on('end', () => dropped(new Error('connection ended')));
      client.on('notification', (message) => {
        if (message.channel !== WAKE_CHANNEL) return;
        const wake = parseWake(message.payload);
        if (wake) this.#options.onWake(wake);
      });
      try {
        await client.connect();
        if (!this.#closed) await client.query(`LISTEN ${WAKE_CHANNEL}`);
      } catch (error) {
        await client.end().catch(() => undefined);
        if (this.#closed) break;
        this.#status(false, error);
        failures += 1;
        await this.#sleep(Math.min(maxMs, baseMs * 2 ** (failures - 1)));
        continue;
      }
      if (this.#closed) {
        await client.end().catch(() => undefined);
        break;
      }
      failures = 0;
      this.#status(true, null);
      this.#options.onWake({ kind: 'reconnected' });
      const ping = setInterval(() => {
        client.query('SELECT 1').catch((error: unknown) => dropped(error));
      }, this.#options.pingMs ?? 10_000);
      this.#drop = dropped;
      const reason = await gone;
      this.#drop = null;
      clearInterval(ping);
      await client.end().catch(() => undefined);
      if (this.#closed) break;
      this.#status(false, reason);
      await this.#sleep(baseMs);
    }
    this.#connected = false;
  }

  #sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.#wakeSleep = done;
    });
  }
}
