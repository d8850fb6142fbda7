import { Injectable } from '@nestjs/common';
import { AppConfig } from '@app/config';
import { TokenBucket } from './token-bucket.util';

const TEN_SECONDS = 10_000;

/** A resume that may run: `release` when it ends (caught up, failed or the socket left). */
export interface ReplayTicket {
  release(): void;
}

/**
 * Per-process limits of the live gateway, so that no client can hurt the others: open sockets per
 * key and per address, events per key (token bucket; the per-socket bucket lives on the socket),
 * resumes running per key, and stream reads for resumes running at once in the process.
 */
@Injectable()
export class LiveLimits {
  private readonly socketsByKey = new Map<string, number>();
  private readonly socketsByAddress = new Map<string, number>();
  private readonly keyBuckets = new Map<string, TokenBucket>();
  private readonly handshakeBuckets = new Map<string, TokenBucket>();
  private readonly replaysByKey = new Map<string, number>();
  private readsRunning = 0;
  private readonly readQueue: Array<() => void> = [];
  /** Bytes resumes may still read now (refilled at liveReplayBytesPerSecond, at most one second's worth). */
  private readBudget: number;
  private budgetAt = Date.now();

  constructor(private readonly config: AppConfig) {
    this.readBudget = config.liveReplayBytesPerSecond;
  }

  /**
   * May this address open one more connection now? Checked on the HTTP handshake, before any WebSocket
   * or Socket.IO work, so a connection storm is refused at its cheapest point.
   */
  takeHandshake(address: string): boolean {
    let bucket = this.handshakeBuckets.get(address);
    if (!bucket) {
      // Addresses seen long ago hold a full bucket anyway: forgetting them all now and then is exact enough.
      if (this.handshakeBuckets.size >= 10_000) this.handshakeBuckets.clear();
      bucket = new TokenBucket(this.config.liveHandshakesPerSecond, 1000);
      this.handshakeBuckets.set(address, bucket);
    }
    return bucket.take();
  }

  /** Why a new socket of this key from this address is refused, or null when it may connect. */
  refuseSocket(keyId: string, address: string): string | null {
    if ((this.socketsByKey.get(keyId) ?? 0) >= this.config.liveMaxSocketsPerKey)
      return 'too many connections for this key';
    if ((this.socketsByAddress.get(address) ?? 0) >= this.config.liveMaxSocketsPerAddress)
      return 'too many connections from this address';
    return null;
  }

  socketOpened(keyId: string, address: string): void {
    bump(this.socketsByKey, keyId, 1);
    bump(this.socketsByAddress, address, 1);
  }

  socketClosed(keyId: string, address: string): void {
    // The key's event bucket stays: a socket that reconnects must not come back with a full one.
    bump(this.socketsByKey, keyId, -1);
    bump(this.socketsByAddress, address, -1);
  }

  /** A fresh bucket for one socket's events. */
  socketBucket(): TokenBucket {
    return new TokenBucket(this.config.liveEventsPer10s, TEN_SECONDS);
  }

  /** Takes one event from the key's bucket (all its sockets on this process). */
  takeKeyEvent(keyId: string): boolean {
    let bucket = this.keyBuckets.get(keyId);
    if (!bucket) {
      // Keys idle for long hold a full bucket anyway: forgetting them all now and then is exact enough.
      if (this.keyBuckets.size >= 10_000) this.keyBuckets.clear();
      bucket = new TokenBucket(this.config.liveKeyEventsPer10s, TEN_SECONDS);
      this.keyBuckets.set(keyId, bucket);
    }
    return bucket.take();
  }

  /** A resume for this key, or null when the key already has as many as it may. */
  startReplay(keyId: string): ReplayTicket | null {
    if ((this.replaysByKey.get(keyId) ?? 0) >= this.config.liveMaxReplaysPerKey) return null;
    bump(this.replaysByKey, keyId, 1);
    let done = false;
    return {
      release: () => {
        if (done) return;
        done = true;
        bump(this.replaysByKey, keyId, -1);
      },
    };
  }

  /**
   * Runs one stream read of a resume when fewer than `liveMaxReplays` run (the others wait their turn)
   * and the process's read budget is not overdrawn: all resumes together read at most
   * `liveReplayBytesPerSecond`, so replay storms cannot starve live fan-out. `bytes` tells what a read cost.
   */
  async replayRead<T>(read: () => Promise<T>, bytes: (result: T) => number): Promise<T> {
    await this.budgetReady();
    if (this.readsRunning >= this.config.liveMaxReplays) {
      await new Promise<void>((turn) => this.readQueue.push(turn));
    } else {
      this.readsRunning++;
    }
    try {
      const result = await read();
      this.readBudget -= bytes(result);
      return result;
    } finally {
      const next = this.readQueue.shift();
      if (next) next();
      else this.readsRunning--;
    }
  }

  private async budgetReady(): Promise<void> {
    const rate = this.config.liveReplayBytesPerSecond;
    for (;;) {
      const now = Date.now();
      this.readBudget = Math.min(rate, this.readBudget + ((now - this.budgetAt) * rate) / 1000);
      this.budgetAt = now;
      if (this.readBudget >= 0) return;
      await new Promise((r) => setTimeout(r, Math.ceil((-this.readBudget * 1000) / rate)));
    }
  }

  get stats(): { sockets: number; replays: number; readsRunning: number; readsWaiting: number } {
    let sockets = 0;
    for (const n of this.socketsByKey.values()) sockets += n;
    let replays = 0;
    for (const n of this.replaysByKey.values()) replays += n;
    return { sockets, replays, readsRunning: this.readsRunning, readsWaiting: this.readQueue.length };
  }
}

function bump(map: Map<string, number>, key: string, by: number): number {
  const n = (map.get(key) ?? 0) + by;
  if (n <= 0) map.delete(key);
  else map.set(key, n);
  return Math.max(0, n);
}
