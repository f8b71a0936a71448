import type Redis from 'ioredis';
import type { Bus, BusHandler } from './cache';
import { DependencyUnavailableError } from '../http/errors';

/** Redis pub/sub, with channels namespaced by the app prefix. */
export class RedisBus implements Bus {
  readonly kind = 'redis' as const;
  private readonly handlers = new Map<string, Set<BusHandler>>();
  private readonly reconnectHandlers: Array<() => void> = [];
  private wasReady = false;

  constructor(private readonly publisher: Redis, private readonly subscriber: Redis, private readonly prefix: string) {
    subscriber.on('message', (channel: string, payload: string) => {
      const set = this.handlers.get(channel);
      if (!set) return;
      let message: unknown;
      try { message = JSON.parse(payload); } catch { return; }
      for (const h of set) h(message);
    });
    subscriber.on('ready', () => {
      if (this.wasReady) for (const h of this.reconnectHandlers) h();
      this.wasReady = true;
    });
  }

  private channel(name: string): string { return `${this.prefix}:bus:${name}`; }

  async publish(channel: string, message: unknown): Promise<void> {
    try {
      await this.publisher.publish(this.channel(channel), JSON.stringify(message ?? null));
    } catch {
      throw new DependencyUnavailableError('redis', 2);
    }
  }

  async subscribe(channel: string, handler: BusHandler): Promise<() => Promise<void>> {
    const full = this.channel(channel);
    let set = this.handlers.get(full);
    if (!set) {
      set = new Set();
      this.handlers.set(full, set);
      await this.subscriber.subscribe(full);
    }
    set.add(handler);
    return async () => {
      set.delete(handler);
      if (set.size === 0) {
        this.handlers.delete(full);
        await this.subscriber.unsubscribe(full).catch(() => undefined);
      }
    };
  }

  onReconnect(handler: () => void): void { this.reconnectHandlers.push(handler); }

  async close(): Promise<void> {
    this.handlers.clear();
    this.subscriber.disconnect(false);
  }
}
