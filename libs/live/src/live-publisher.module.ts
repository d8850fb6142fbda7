import { Module, type OnModuleInit } from '@nestjs/common';
import { PointListeners } from '@app/pipeline';
import { LivePublisher } from './live.publisher';

/** The live stream's writer, for whoever publishes on it (point batches, alert changes). */
@Module({ providers: [LivePublisher], exports: [LivePublisher] })
export class LiveBusModule {}

/** Live publishing as a step of the point pipeline: every stored batch goes on the live stream. */
@Module({ imports: [LiveBusModule] })
export class LivePublisherModule implements OnModuleInit {
  constructor(
    private readonly listeners: PointListeners,
    private readonly publisher: LivePublisher,
  ) {}

  onModuleInit(): void {
    this.listeners.add(this.publisher);
  }
}
