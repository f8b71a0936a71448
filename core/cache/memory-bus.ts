import { EventEmitter } from 'node:events';
import type { Bus, BusHandler } from './cache';

/** The embedded-default bus: delivers within this process only (asynchronously, like Redis would). */
export class MemoryBus implements Bus {
  readonly kind = 'memory' as const;
  private readonly emitter = new EventEmitter();

  constructor() { this.emitter.setMaxListeners(0); }

  async publish(channel: string, message: unknown): Promise<void> {
    const copy = JSON.parse(JSON.stringify(message ?? null)) as unknown;
    setImmediate(() => this.emitter.emit(channel, copy));
  }

  async subscribe(channel: string, handler: BusHandler): Promise<() => Promise<void>> {
    this.emitter.on(channel, handler);
    return async () => { this.emitter.off(channel, handler); };
  }

  onReconnect(): void { /* an in-process bus never disconnects */ }

  async close(): Promise<void> { this.emitter.removeAllListeners(); }
}
